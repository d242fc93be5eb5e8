using System.Text.Json;
using LogPlatform.Contracts;
using Realtime.Gateway.Tests.Servers;
using StackExchange.Redis;

namespace Realtime.Gateway.Tests.Compatibility;

/// <summary>
/// The WebSocket hub's dashboard: connects to <c>/ws</c>, waits for <c>connection_established</c>, sends
/// <c>{"type":"ping"}</c>, and switches on <c>log_update</c>, <c>stats_update</c>, <c>system_alert</c> and <c>new_anomaly</c>.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class HubClientTests(GatewayFixture servers)
{
    [Fact]
    public async Task The_hub_messages_arrive_typed_with_their_documented_fields()
    {
        // Its own replica (its anomaly count starts at zero), on Kestrel: a real ClientWebSocket over a real socket.
        await using var gateway = await servers.StartKestrelGatewayAsync();
        await using var socket = await gateway.ConnectAsync("/ws");
        var hello = await socket.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        Assert.Equal("connected", hello.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal(30, hello.GetProperty("data").GetProperty("heartbeat_interval_seconds").GetDouble()); // the hub's ping period
        Assert.Equal(512, hello.GetProperty("data").GetProperty("max_message_bytes").GetInt32());

        await socket.SendAsync("""{"type":"ping"}""");
        var pong = await socket.ExpectAsync(EnvelopeTypes.Pong);
        Assert.True(pong.GetProperty("data").GetProperty("timestamp").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));

        // A client message over the hub's 512 bytes is refused; the connection stays.
        await socket.SendAsync($$"""{"type":"ping","pad":"{{new string('x', 600)}}"}""");
        Assert.Contains("512", (await socket.ExpectAsync(EnvelopeTypes.Error)).GetProperty("data").GetProperty("message").GetString());

        var application = TestLogs.NewApplication("seed3");
        var stored = await servers.StoreAndPublishAsync(
            TestLogs.Log(application, "User login successful", source: "auth-service", properties: """{"userId":"user-123"}"""),
            TestLogs.Log(application, "Token refreshed", source: "auth-service"));
        var update = await socket.UntilAsync(m => Type(m) == "log_update");
        var log = update.GetProperty("data").GetProperty("log");
        Assert.Equal(stored[0].Id, log.GetProperty("id").GetInt64());
        Assert.Equal("INFO", log.GetProperty("level").GetString());
        Assert.Equal("User login successful", log.GetProperty("message").GetString());
        Assert.Equal("auth-service", log.GetProperty("source").GetString());
        Assert.Equal("user-123", log.GetProperty("metadata").GetProperty("userId").GetString());
        Assert.Equal(stored[1].Id, (await socket.ExpectAsync("log_update")).GetProperty("data").GetProperty("log").GetProperty("id").GetInt64());

        var anomaly = new Anomaly
        {
            Id = Guid.NewGuid().ToString(), Kind = AnomalyKinds.ErrorBurst, Score = 0.85, Severity = "critical", Application = application,
            Source = "user-service", Pattern = "Database connection failed", Reasons = ["Database timeout", "Network issue"],
            Suggestions = ["Check database"], ExampleLogIds = [stored[0].Id], DetectedAt = DateTimeOffset.UtcNow,
        };
        await servers.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisNames.LiveAnomaliesChannel),
            JsonSerializer.SerializeToUtf8Bytes(anomaly, ContractsJsonContext.Default.Anomaly));
        var found = (await socket.UntilAsync(m => Type(m) == EnvelopeTypes.NewAnomaly)).GetProperty("data");
        Assert.True(found.GetProperty("log").GetProperty("isAnomaly").GetBoolean());
        Assert.Equal(0.85, found.GetProperty("log").GetProperty("anomalyScore").GetDouble());
        Assert.Equal("user-service", found.GetProperty("log").GetProperty("source").GetString());
        Assert.Equal(["Database timeout", "Network issue"], found.GetProperty("log").GetProperty("rootCauses").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(anomaly.Id, found.GetProperty("analysis").GetProperty("id").GetString());
        Assert.Equal(["Check database"], found.GetProperty("analysis").GetProperty("recommendations").EnumerateArray().Select(e => e.GetString()));

        await servers.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisNames.LiveStatsChannel),
            JsonSerializer.SerializeToUtf8Bytes(new LiveStats { TotalMessages = 10_000, Timestamp = DateTimeOffset.UtcNow }, ContractsJsonContext.Default.LiveStats));
        var stats = (await socket.UntilAsync(m => Type(m) == EnvelopeTypes.StatsUpdate)).GetProperty("data").GetProperty("stats");
        Assert.Equal(10_000, stats.GetProperty("totalLogs").GetInt64());
        Assert.Equal(1, stats.GetProperty("anomalyCount").GetInt32());
        // One anomaly among the logs this replica saw: these two and its start-up probes.
        Assert.InRange(stats.GetProperty("anomalyRate").GetDouble(), 0.0001, 0.5);
        Assert.InRange(stats.GetProperty("activeServices").GetInt32(), 1, 2); // auth-service, and the probes' source

        var alert = new SystemAlert { Code = "database_error", Severity = "critical", Message = "Database connection failed", Timestamp = DateTimeOffset.UtcNow };
        await servers.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisNames.LiveAlertsChannel),
            JsonSerializer.SerializeToUtf8Bytes(alert, ContractsJsonContext.Default.SystemAlert));
        var systemAlert = (await socket.UntilAsync(m => Type(m) == EnvelopeTypes.SystemAlert)).GetProperty("data");
        Assert.Equal("database_error", systemAlert.GetProperty("alertType").GetString());
        Assert.Equal("Database connection failed", systemAlert.GetProperty("message").GetString());
        Assert.Equal("critical", systemAlert.GetProperty("severity").GetString());
    }

    private static string? Type(JsonElement message) => message.GetProperty("type").GetString();
}
