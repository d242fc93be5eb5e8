using System.Text.Json;
using Bunit;
using Dashboard.Web.Alerts;

namespace Dashboard.Web.Tests.Components;

public class AlertsPageTests : DashboardTestContext
{
    [Fact]
    public void Lists_alerts_as_they_arrive_newest_first()
    {
        var page = Render<Dashboard.Web.Components.Pages.Alerts>();
        Assert.Single(page.FindAll("[data-testid=alerts-empty]"));

        using var alert = JsonDocument.Parse("""{"severity":"error","message":"error rate 12% in billing"}""");
        using var system = JsonDocument.Parse("""{"message":"no consumers in group writers"}""");
        Feed.OnAlert(AlertEntry.From(alert.RootElement, isSystem: false, Time.GetUtcNow()));
        Feed.OnAlert(AlertEntry.From(system.RootElement, isSystem: true, Time.GetUtcNow()));
        Tick();

        var items = page.FindAll("[data-testid=alert]");
        Assert.Equal(2, items.Count);
        Assert.Contains("no consumers in group writers", items[0].TextContent);
        Assert.Contains("system", items[0].ClassList);
        Assert.Contains("error rate 12% in billing", items[1].TextContent);
        Assert.Contains("\"severity\": \"error\"", items[1].QuerySelector("pre")!.TextContent);
    }
}
