using System.Text.Json;
using LogPlatform.Contracts;
using Realtime.Gateway.Tests.Servers;

namespace Realtime.Gateway.Tests.Streaming;

[Collection(GatewayCollection.Name)]
public sealed class WebSocketStreamTests(GatewayFixture servers)
{
    [Fact]
    public async Task A_published_log_arrives_in_a_logs_envelope_after_connection_established()
    {
        var application = TestLogs.NewApplication("envelope");
        await using var socket = await GatewayFixture.ConnectAsync(servers.Gateway, $"/ws/logs?format=native&application={application}");

        var hello = await socket.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        var data = hello.GetProperty("data");
        Assert.True(data.GetProperty("connection_id").GetInt64() > 0);
        Assert.Equal("logs", data.GetProperty("stream").GetString());
        Assert.Equal($"application={application}", data.GetProperty("filter").GetString());
        Assert.Equal(512, data.GetProperty("max_message_bytes").GetInt32());
        Assert.Equal(30, data.GetProperty("heartbeat_interval_seconds").GetDouble());

        var stored = await servers.StoreAndPublishAsync(
            TestLogs.Log(application, "disk almost full", LogSeverity.Warn, "db-01", """{"job_run_id":42,"host":"a"}"""));

        var envelope = await socket.ExpectAsync(EnvelopeTypes.Logs);
        Assert.True(envelope.GetProperty("timestamp").TryGetDateTimeOffset(out _));
        var log = Assert.Single(envelope.GetProperty("data").EnumerateArray());
        Assert.Equal(stored[0].Id, log.GetProperty("id").GetInt64());
        Assert.Equal("warn", log.GetProperty("level").GetString());
        Assert.Equal("disk almost full", log.GetProperty("message").GetString());
        Assert.Equal("db-01", log.GetProperty("source").GetString());
        Assert.Equal(application, log.GetProperty("application").GetString());
        Assert.Equal(42, log.GetProperty("properties").GetProperty("job_run_id").GetInt32());
        Assert.True(log.GetProperty("timestamp").TryGetDateTimeOffset(out _));
    }

    public static TheoryData<string, string> Filters => new()
    {
        // filter on the URL, and which of the logs below match it
        { "level=error,fatal", "error|fatal|run42-error|run43" },
        { "min_level=warn", "warn|error|fatal|run42-error|run43" },
        { "source=db-07", "db" },
        { "q=timeout", "timeout" },
        // 42 as a number and as a string both match, as in SQL's properties->>'job_run_id'.
        { "job_run_id=42", "run42|run42-error" },
        { "job_run_id=42&min_level=error", "run42-error" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Filters_on_the_url_deliver_only_matching_logs(string filter, string matchingTags)
    {
        var application = TestLogs.NewApplication("filter");
        await using var socket = await GatewayFixture.ConnectAsync(servers.Gateway, $"/ws/logs?format=native&application={application}&{filter}");
        await socket.ExpectAsync(EnvelopeTypes.ConnectionEstablished);

        // Each log is tagged by its message; the tags of the matching ones are listed in the theory data.
        LogEvent[] candidates =
        [
            TestLogs.Log(application, "info", LogSeverity.Info),
            TestLogs.Log(application, "debug", LogSeverity.Debug),
            TestLogs.Log(application, "warn", LogSeverity.Warn),
            TestLogs.Log(application, "error", LogSeverity.Error),
            TestLogs.Log(application, "fatal", LogSeverity.Fatal),
            TestLogs.Log(application, "db", LogSeverity.Trace, source: "DB-07"),
            TestLogs.Log(application, "gateway timeout upstream", LogSeverity.Debug),
            TestLogs.Log(application, "run42", LogSeverity.Info, properties: """{"job_run_id":42}"""),
            TestLogs.Log(application, "run42-error", LogSeverity.Error, properties: """{"job_run_id":"42"}"""),
            TestLogs.Log(application, "run43", LogSeverity.Error, properties: """{"job_run_id":43}"""),
            TestLogs.Log(application + "-other", "fatal", LogSeverity.Fatal, source: "db-07", properties: """{"job_run_id":42}"""),
        ];
        var expectedTags = matchingTags.Split('|').ToHashSet();

        // One log per batch, matching and non-matching interleaved, then a sentinel that matches every filter here.
        var published = new List<LogEvent>();
        foreach (var log in candidates) published.AddRange(await servers.StoreAndPublishAsync(log));
        var sentinel = (await servers.StoreAndPublishAsync(
            TestLogs.Log(application, "sentinel timeout", LogSeverity.Fatal, "db-07", """{"job_run_id":42}""")))[0];

        var received = await socket.LogsUntilAsync(log => log.Id == sentinel.Id);

        var expected = published.Where(log => log.Application == application && expectedTags.Contains(Tag(log))).Select(l => l.Id).Append(sentinel.Id);
        Assert.Equal(expected, received.Select(l => l.Id));
    }

    [Fact]
    public async Task Set_filter_changes_what_arrives_without_reconnecting()
    {
        var application = TestLogs.NewApplication("setfilter");
        await using var socket = await GatewayFixture.ConnectAsync(servers.Gateway, $"/ws/logs?format=native&application={application}");
        await socket.ExpectAsync(EnvelopeTypes.ConnectionEstablished);

        var before = await servers.StoreAndPublishAsync(TestLogs.Log(application, "info before", LogSeverity.Info));
        Assert.Equal(before[0].Id, Assert.Single(LiveSocket.Logs(await socket.ExpectAsync(EnvelopeTypes.Logs))).Id);

        await socket.SendAsync($$$"""{"type":"set_filter","filter":{"application":"{{{application}}}","level":["error","fatal"],"job_run_id":7}}""");
        var updated = await socket.ExpectAsync("filter_updated");
        Assert.Equal($"level=error,fatal&application={application}&job_run_id=7", updated.GetProperty("data").GetProperty("filter").GetString());

        await servers.StoreAndPublishAsync(TestLogs.Log(application, "info after", LogSeverity.Info, properties: """{"job_run_id":7}"""));
        await servers.StoreAndPublishAsync(TestLogs.Log(application, "error of another run", LogSeverity.Error, properties: """{"job_run_id":8}"""));
        var wanted = await servers.StoreAndPublishAsync(TestLogs.Log(application, "error after", LogSeverity.Error, properties: """{"job_run_id":7}"""));
        Assert.Equal([wanted[0].Id], (await socket.LogsUntilAsync(l => l.Id == wanted[0].Id)).Select(l => l.Id));

        // An invalid filter is refused and the previous one stays.
        await socket.SendAsync("""{"type":"set_filter","filter":{"min_level":"loud"}}""");
        Assert.Contains("min_level", (await socket.ExpectAsync(EnvelopeTypes.Error)).GetProperty("data").GetProperty("message").GetString());
        await servers.StoreAndPublishAsync(TestLogs.Log(application, "info still filtered", LogSeverity.Info, properties: """{"job_run_id":7}"""));
        var last = await servers.StoreAndPublishAsync(TestLogs.Log(application, "fatal", LogSeverity.Fatal, properties: """{"job_run_id":7}"""));
        Assert.Equal([last[0].Id], (await socket.LogsUntilAsync(l => l.Id == last[0].Id)).Select(l => l.Id));

        // Back to only the application: info arrives again.
        await socket.SendAsync($$$"""{"type":"set_filter","filter":{"application":"{{{application}}}"}}""");
        Assert.Equal($"application={application}", (await socket.ExpectAsync("filter_updated")).GetProperty("data").GetProperty("filter").GetString());
        var info = await servers.StoreAndPublishAsync(TestLogs.Log(application, "info again", LogSeverity.Info));
        Assert.Equal([info[0].Id], (await socket.LogsUntilAsync(l => l.Id == info[0].Id)).Select(l => l.Id));
    }

    [Fact]
    public async Task Client_ping_gets_pong_and_bad_messages_get_an_error_while_the_connection_stays_open()
    {
        var application = TestLogs.NewApplication("ping");
        await using var socket = await GatewayFixture.ConnectAsync(servers.Gateway, $"/ws/logs?format=native&application={application}");
        await socket.ExpectAsync(EnvelopeTypes.ConnectionEstablished);

        await socket.SendAsync("""{"type":"ping"}""");
        Assert.True((await socket.ExpectAsync(EnvelopeTypes.Pong)).GetProperty("timestamp").TryGetDateTimeOffset(out _));
        await socket.SendAsync("ping");
        await socket.ExpectAsync(EnvelopeTypes.Pong);

        await socket.SendAsync($$"""{"type":"ping","padding":"{{new string('x', 600)}}"}""");
        Assert.Contains("512 bytes", ErrorMessage(await socket.ExpectAsync(EnvelopeTypes.Error)));
        await socket.SendAsync("{not json");
        Assert.Contains("Not a valid message", ErrorMessage(await socket.ExpectAsync(EnvelopeTypes.Error)));
        await socket.SendAsync("""{"type":"dance"}""");
        Assert.Contains("Unknown message type", ErrorMessage(await socket.ExpectAsync(EnvelopeTypes.Error)));

        // Still open both ways.
        await socket.SendAsync("ping");
        await socket.ExpectAsync(EnvelopeTypes.Pong);
        var stored = await servers.StoreAndPublishAsync(TestLogs.Log(application, "still here"));
        Assert.Equal(stored[0].Id, Assert.Single(LiveSocket.Logs(await socket.ExpectAsync(EnvelopeTypes.Logs))).Id);
    }

    [Fact]
    public async Task A_malformed_message_on_the_live_channel_is_skipped_and_the_next_batch_still_arrives()
    {
        var application = TestLogs.NewApplication("malformed");
        await using var socket = await GatewayFixture.ConnectAsync(servers.Gateway, $"/ws/logs?format=native&application={application}");
        await socket.ExpectAsync(EnvelopeTypes.ConnectionEstablished);

        var channel = StackExchange.Redis.RedisChannel.Literal(RedisNames.LiveLogsChannel);
        await servers.Redis.GetSubscriber().PublishAsync(channel, "not json");
        await servers.Redis.GetSubscriber().PublishAsync(channel, $$"""[{"id":1,"level":"loud","application":"{{application}}"}]""");
        var stored = await servers.StoreAndPublishAsync(TestLogs.Log(application, "after the bad ones"));
        Assert.Equal([stored[0].Id], (await socket.LogsUntilAsync(l => l.Id == stored[0].Id)).Select(l => l.Id));
    }

    private static string Tag(LogEvent log) => log.Message == "gateway timeout upstream" ? "timeout" : log.Message;

    private static string? ErrorMessage(JsonElement envelope) => envelope.GetProperty("data").GetProperty("message").GetString();
}
