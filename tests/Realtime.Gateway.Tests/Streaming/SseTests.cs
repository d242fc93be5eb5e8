using System.Net;
using System.Text.Json;
using LogPlatform.Contracts;
using Realtime.Gateway.Tests.Servers;

namespace Realtime.Gateway.Tests.Streaming;

[Collection(GatewayCollection.Name)]
public sealed class SseTests(GatewayFixture servers)
{
    [Fact]
    public async Task Logs_arrive_as_events_with_ids_and_Last_Event_ID_resumes_without_gap_or_duplicate()
    {
        var application = TestLogs.NewApplication("sse");
        using var http = GatewayFixture.CreateClient(servers.Gateway);
        var path = $"/sse/logs?application={application}&min_level=info";

        List<SseEvent> first;
        using (var stream = await SseStream.OpenAsync(http, path))
        {
            Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
            Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
            // Registered once the headers and the 'retry' line are out; a log published now must arrive.
            var published = await servers.StoreAndPublishAsync(
                TestLogs.Log(application, "one"), TestLogs.Log(application, "debug, filtered out", LogSeverity.Debug), TestLogs.Log(application, "two", LogSeverity.Warn));
            first = [await stream.NextAsync(), await stream.NextAsync()];
            Assert.Equal([published[0].Id, published[2].Id], first.Select(e => long.Parse(e.Id!)));
            Assert.All(first, e => Assert.Equal("log", e.Event));
            var log = JsonSerializer.Deserialize(first[1].Data!, ContractsJsonContext.Default.LogEvent)!;
            Assert.Equal((published[2].Id, "two", LogSeverity.Warn, application), (log.Id, log.Message, log.Level, log.Application));
        }

        // Missed while disconnected: stored (and published to nobody of ours).
        var missed = await servers.StoreAndPublishAsync(TestLogs.Many(application, 6, "missed"));

        using (var resumed = await SseStream.OpenAsync(http, path, lastEventId: long.Parse(first[^1].Id!)))
        {
            var expectedMissed = missed.Where(l => l.Level >= LogSeverity.Info).Select(l => l.Id).ToList();
            var got = new List<long>();
            while (got.Count < expectedMissed.Count) got.Add(long.Parse((await resumed.NextAsync()).Id!));
            Assert.Equal(expectedMissed, got);

            var live = await servers.StoreAndPublishAsync(TestLogs.Log(application, "live", LogSeverity.Error));
            var next = await resumed.NextAsync();
            Assert.Equal(live[0].Id, long.Parse(next.Id!));
        }
    }

    [Fact]
    public async Task Invalid_stream_parameters_are_a_400_naming_the_parameter()
    {
        using var http = GatewayFixture.CreateClient(servers.Gateway);
        foreach (var (query, parameter) in new[] { ("history=999999", "history"), ("after_id=abc", "after_id"), ("min_level=loud", "min_level") })
        {
            using var response = await http.GetAsync($"/sse/logs?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Contains($"'{parameter}'", problem.RootElement.GetProperty("detail").GetString());
        }
    }
}
