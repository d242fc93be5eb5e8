using System.Text.Json;
using Dashboard.Web.Gateway;

namespace Dashboard.Web.Tests.Gateway;

public class LogPageTests
{
    [Fact]
    public void A_page_carries_its_items_and_the_next_cursor()
    {
        using var json = JsonDocument.Parse("""{"items":[{"id":9,"message":"a","level":"warn"},{"id":8,"message":"b","level":"info"}],"next_cursor":"c8"}""");

        var page = GatewayApiClient.ReadPage(json.RootElement);

        Assert.Equal([9L, 8], page.Items.Select(l => l.Id));
        Assert.Equal("c8", page.NextCursor);
    }

    [Theory]
    [InlineData("""{"items":[],"next_cursor":null}""")]
    [InlineData("""{"items":[]}""")]
    [InlineData("""[]""")]
    public void Without_a_cursor_it_is_the_last_page(string body)
    {
        using var json = JsonDocument.Parse(body);

        Assert.Null(GatewayApiClient.ReadPage(json.RootElement).NextCursor);
    }
}
