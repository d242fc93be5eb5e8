using System.Net;
using System.Text.Json;
using LogPlatform.Contracts;
using Realtime.Gateway.Tests.Servers;
using StackExchange.Redis;

namespace Realtime.Gateway.Tests.Streaming;

[Collection(GatewayCollection.Name)]
public sealed class StatsStreamTests(GatewayFixture servers)
{
    [Fact]
    public async Task Stats_and_combined_streams_open_before_any_stats_were_published_and_then_relay_them()
    {
        // A replica of its own: it has seen no stats yet (as after a start, or while Stats.Service is down).
        await using var gateway = await servers.StartGatewayAsync();
        await using var stats = await GatewayFixture.ConnectAsync(gateway, "/ws/stats?format=native");
        await using var combined = await GatewayFixture.ConnectAsync(gateway, "/ws?format=native");
        using var http = GatewayFixture.CreateClient(gateway);
        using var sse = await SseStream.OpenAsync(http, "/sse/stats");
        Assert.Equal(HttpStatusCode.OK, sse.Response.StatusCode);
        foreach (var socket in new[] { stats, combined })
        {
            await socket.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
            await socket.SendAsync("ping");
            await socket.ExpectAsync(EnvelopeTypes.Pong);
        }

        var published = new LiveStats { TotalMessages = 1234, MessagesPerSecond = 56.5, Timestamp = DateTimeOffset.UtcNow };
        await PublishStatsAsync(published);

        foreach (var socket in new[] { stats, combined })
        {
            var update = await socket.ExpectAsync(EnvelopeTypes.StatsUpdate);
            Assert.Equal(1234, update.GetProperty("data").GetProperty("total_messages").GetInt64());
        }
        var sseStats = await sse.NextAsync();
        Assert.Equal("stats", sseStats.Event);
        Assert.Equal(56.5, JsonDocument.Parse(sseStats.Data!).RootElement.GetProperty("messages_per_second").GetDouble());

        // A client that connects now gets the latest figures at once.
        await using var late = await GatewayFixture.ConnectAsync(gateway, "/ws/stats?format=native");
        await late.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        Assert.Equal(1234, (await late.ExpectAsync(EnvelopeTypes.StatsUpdate)).GetProperty("data").GetProperty("total_messages").GetInt64());

        // Alerts go to the combined stream only, typed by their scope.
        await servers.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisNames.LiveAlertsChannel), """{"scope":"system","message":"PostgreSQL down"}""");
        Assert.Equal("PostgreSQL down", (await combined.ExpectAsync(EnvelopeTypes.SystemAlert)).GetProperty("data").GetProperty("message").GetString());
        await stats.SendAsync("ping");
        await stats.ExpectAsync(EnvelopeTypes.Pong);
    }

    [Fact]
    public async Task Recent_system_alerts_are_served_newest_first_with_a_bounded_limit()
    {
        var db = servers.Redis.GetDatabase();
        await db.KeyDeleteAsync(RedisNames.AlertsHistoryList);
        foreach (var code in new[] { "store_errors", "queue_backlog", "dead_letters" })
        {
            var alert = new SystemAlert { Code = code, Severity = "warning", Message = code, Timestamp = DateTimeOffset.UtcNow };
            await db.ListLeftPushAsync(RedisNames.AlertsHistoryList, JsonSerializer.SerializeToUtf8Bytes(alert, ContractsJsonContext.Default.SystemAlert));
        }
        using var http = GatewayFixture.CreateClient(servers.Gateway);

        using var recent = JsonDocument.Parse(await http.GetStringAsync("/api/v1/system-alerts?limit=2"));
        Assert.Equal(["dead_letters", "queue_backlog"], recent.RootElement.EnumerateArray().Select(a => a.GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/v1/system-alerts?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GatewayFixture.CreateClient(servers.Gateway, token: null).GetAsync("/api/v1/system-alerts")).StatusCode);
    }

    private Task PublishStatsAsync(LiveStats stats) => servers.Redis.GetSubscriber().PublishAsync(
        RedisChannel.Literal(RedisNames.LiveStatsChannel), JsonSerializer.SerializeToUtf8Bytes(stats, ContractsJsonContext.Default.LiveStats));
}
