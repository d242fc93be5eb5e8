using System.Net;
using System.Text;
using System.Text.Json;
using LogPlatform.Contracts;
using StackExchange.Redis;

namespace Ingest.Api.Tests.Integration;

/// <summary>
/// What the log-aggregator write-up's clients send: its curl line (a JSON log, a local time without offset, an upper-case
/// level) works with only the key added, and the service has the API page the write-up points to.
/// </summary>
[Collection(IngestCollection.Name)]
public sealed class LogAggregatorClientTests(IngestFixture fixture)
{
    [Fact]
    public async Task The_curl_post_of_one_log_is_accepted_and_on_the_stream_as_sent()
    {
        var application = "websocket-test-" + Guid.NewGuid().ToString("N")[..8];
        // curl -X POST http://127.0.0.1:5000/logs -H "Content-Type: application/json" \
        //   -d '{"timestamp":"2025-11-11T16:00:00","level":"INFO","source":"test","application":"websocket-test","message":"Hello WebSocket!"}'
        var body = $$"""{"timestamp":"2025-11-11T16:00:00","level":"INFO","source":"test","application":"{{application}}","message":"Hello WebSocket!"}""";
        using var client = fixture.Factory.CreateAuthorizedClient();

        using var response = await client.PostAsync("/logs", new StringContent(body, Encoding.UTF8, "application/json"));

        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {answer}");
        using var accepted = JsonDocument.Parse(answer);
        Assert.Equal(1, accepted.RootElement.GetProperty("accepted").GetInt32());
        var id = accepted.RootElement.GetProperty("entries")[0].GetString()!;
        var entry = Assert.Single(await fixture.Database.StreamRangeAsync(RedisNames.IngestStream, id, id));
        var payload = (byte[])entry.Values.Single(v => v.Name == StreamEntryFields.Payload).Value!;
        var log = Assert.Single(JsonSerializer.Deserialize(payload, ContractsJsonContext.Default.LogEventArray)!);
        Assert.Equal("Hello WebSocket!", log.Message);
        Assert.Equal("test", log.Source);
        Assert.Equal(application, log.Application);
        Assert.Equal(LogSeverity.Info, log.Level);
        Assert.Equal(new DateTimeOffset(2025, 11, 11, 16, 0, 0, TimeSpan.Zero), log.Timestamp);
    }

    [Fact]
    public async Task The_api_page_lists_the_ingest_operations_and_links_the_openapi_document()
    {
        using var client = fixture.Factory.CreateClient();
        using var response = await client.GetAsync("/api/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<code>/logs</code>", page);
        Assert.Contains("<code>/loki/api/v1/push</code>", page);
        Assert.Contains("href=\"/openapi/v1.json\"", page);
        Assert.DoesNotContain("<script", page);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
    }
}
