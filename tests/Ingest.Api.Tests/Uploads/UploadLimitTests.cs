using System.Net;
using Ingest.Api.Tests.Integration;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Tests.Uploads;

/// <summary>Hosts of their own on the collection's Redis: a small upload limit, and syslog options that must stop the start.</summary>
[Collection(IngestCollection.Name)]
public sealed class UploadLimitTests(IngestFixture fixture)
{
    [Fact]
    public async Task A_file_over_the_limit_is_413_and_leaves_no_job()
    {
        await using var factory = new IngestApiFactory(fixture.Redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Ingest:Uploads:MaxBytes"] = "2048",
        });
        using var client = factory.CreateAuthorizedClient();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[4096]), "file", "big.log" } };

        using var answer = await client.PostAsync("/api/v1/uploads", form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        Assert.Contains("2048", await answer.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("Ingest:Syslog:BindAddress", "everywhere", "is not an IP address")]
    [InlineData("Ingest:Syslog:Format", "klingon", "is not a format")]
    [InlineData("Ingest:Syslog:TcpPort", "70000", "TcpPort")]
    [InlineData("Ingest:Uploads:MaxBytes", "1", "MaxBytes")]
    public void Invalid_syslog_or_upload_options_stop_the_start(string key, string value, string message)
    {
        using var factory = new IngestApiFactory(fixture.Redis.ConnectionString, new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);

        Assert.Contains(message, error.Message);
    }
}
