using System.Text.Json;
using LogPlatform.Contracts;
using Realtime.Gateway.Tests.Servers;
using StackExchange.Redis;

namespace Realtime.Gateway.Tests.Compatibility;

/// <summary>
/// The anomaly scorer's dashboard: <c>new WebSocket('ws://host/api/v1/streaming/ws')</c>, <c>ws.send(JSON.stringify({type:'ping'}))</c>
/// on open, then <c>data.type === 'alert'</c> (<c>data.data</c>) and <c>data.type === 'score'</c> (<c>data.data.score</c>).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class AnomalyScoringClientTests(GatewayFixture servers)
{
    [Fact]
    public async Task Anomalies_arrive_as_scores_and_alerts_and_stats_as_stats()
    {
        await using var socket = await GatewayFixture.ConnectAsync(servers.Gateway, "/api/v1/streaming/ws");
        var hello = await socket.NextAsync();
        Assert.Equal("connection", Type(hello));
        Assert.Equal("connected", hello.GetProperty("status").GetString());
        await socket.SendAsync("""{"type":"ping"}""");
        await socket.UntilAsync(m => Type(m) == "pong"); // after the latest stats, if any were published before

        var anomaly = new Anomaly
        {
            Id = Guid.NewGuid().ToString(), Kind = AnomalyKinds.Sequence, Score = 0.85, Severity = "critical", Application = "auth",
            Source = "/var/log/auth.log", Reasons = ["Unusual login sequence"], ExampleLogIds = [11, 12, 13], DetectedAt = DateTimeOffset.UtcNow,
        };
        await PublishAsync(RedisNames.LiveAnomaliesChannel, JsonSerializer.SerializeToUtf8Bytes(anomaly, ContractsJsonContext.Default.Anomaly));
        var score = (await socket.UntilAsync(m => Type(m) == "score")).GetProperty("data");
        Assert.Equal(0.85, score.GetProperty("score").GetDouble());
        Assert.Equal("HIGH", score.GetProperty("severity").GetString());
        Assert.True(score.GetProperty("alert").GetBoolean());
        Assert.Equal([11L, 12L, 13L], score.GetProperty("sequence").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal("/var/log/auth.log", score.GetProperty("source").GetString());
        var alert = await socket.NextAsync();
        Assert.Equal("alert", Type(alert));
        Assert.Equal(anomaly.Id, alert.GetProperty("data").GetProperty("id").GetString());
        Assert.Equal(0.85, alert.GetProperty("data").GetProperty("score").GetDouble());
        Assert.Equal(anomaly.DetectedAt, alert.GetProperty("data").GetProperty("created_at").GetDateTimeOffset());

        // An ordinary score is a score without an alert.
        await PublishAsync(RedisNames.LiveAnomaliesChannel,
            JsonSerializer.SerializeToUtf8Bytes(anomaly with { Id = Guid.NewGuid().ToString(), Score = 0.2, Severity = "info" }, ContractsJsonContext.Default.Anomaly));
        var low = (await socket.UntilAsync(m => Type(m) == "score")).GetProperty("data");
        Assert.Equal("LOW", low.GetProperty("severity").GetString());
        Assert.False(low.GetProperty("alert").GetBoolean());

        var stats = new LiveStats { TotalMessages = 1000, TotalRejected = 2, MessagesPerSecond = 10.5, Timestamp = DateTimeOffset.UtcNow };
        await PublishAsync(RedisNames.LiveStatsChannel, JsonSerializer.SerializeToUtf8Bytes(stats, ContractsJsonContext.Default.LiveStats));
        var figures = (await socket.UntilAsync(m => Type(m) == "stats")).GetProperty("data"); // not an alert for the info score before it
        Assert.Equal(1000, figures.GetProperty("processed").GetInt64());
        Assert.Equal(2, figures.GetProperty("errors").GetInt64());
        Assert.Equal(10.5, figures.GetProperty("throughput").GetDouble());
        Assert.True(figures.GetProperty("alerts").GetInt32() >= 2);

        var system = new SystemAlert { Code = "queue_backlog", Severity = "warning", Message = "Backlog", Timestamp = DateTimeOffset.UtcNow };
        await PublishAsync(RedisNames.LiveAlertsChannel, JsonSerializer.SerializeToUtf8Bytes(system, ContractsJsonContext.Default.SystemAlert));
        var systemAlert = (await socket.UntilAsync(m => Type(m) == "alert")).GetProperty("data");
        Assert.Equal("queue_backlog", systemAlert.GetProperty("id").GetString());
        Assert.Equal("MEDIUM", systemAlert.GetProperty("severity").GetString());
    }

    private Task PublishAsync(string channel, byte[] message) => servers.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), message);

    private static string? Type(JsonElement message) => message.GetProperty("type").GetString();
}
