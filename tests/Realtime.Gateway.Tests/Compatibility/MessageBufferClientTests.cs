using System.Text.Json;
using LogPlatform.Contracts;
using Realtime.Gateway.Tests.Servers;
using StackExchange.Redis;

namespace Realtime.Gateway.Tests.Compatibility;

/// <summary>
/// The message buffer's dashboard hook: <c>new WebSocket('ws://host/ws/stats')</c>, each message <c>JSON.parse</c>d and
/// read at the top level (<c>total_messages</c>, <c>queue_depth</c>, <c>messages_per_second</c>, <c>total_batches</c>,
/// <c>avg_batch_size</c>; its backend also documents <c>current_rps</c> and <c>queue_length</c>), one every 500 ms.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class MessageBufferClientTests(GatewayFixture servers)
{
    [Fact]
    public async Task Every_stats_message_is_the_flat_figures_with_all_the_documented_fields()
    {
        await using var socket = await GatewayFixture.ConnectAsync(servers.Gateway, "/ws/stats");
        var total = Random.Shared.NextInt64(1_000_000, 9_000_000);
        var published = new LiveStats
        {
            TotalMessages = total, MessagesPerSecond = 45.67, QueueDepth = 12, TotalBatches = 25, AvgBatchSize = 49.3, Timestamp = DateTimeOffset.UtcNow,
        };

        // Stats.Service publishes every 500 ms; here the test does, until the client (registered after its upgrade) sees them.
        JsonElement? seen = null;
        var reading = socket.UntilAsync(m => m.GetProperty("total_messages").GetInt64() == total, TimeSpan.FromSeconds(20));
        for (var i = 0; i < 100 && !reading.IsCompleted; i++)
        {
            await servers.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisNames.LiveStatsChannel),
                JsonSerializer.SerializeToUtf8Bytes(published, ContractsJsonContext.Default.LiveStats));
            await Task.WhenAny(reading, Task.Delay(500));
        }
        seen = await reading;

        var stats = seen.Value;
        Assert.False(stats.TryGetProperty("type", out _));
        Assert.Equal(45.67, stats.GetProperty("current_rps").GetDouble());
        Assert.Equal(45.67, stats.GetProperty("messages_per_second").GetDouble());
        Assert.Equal(12, stats.GetProperty("queue_depth").GetInt64());
        Assert.Equal(12, stats.GetProperty("queue_length").GetInt64());
        Assert.Equal(25, stats.GetProperty("total_batches").GetInt64());
        Assert.Equal(49.3, stats.GetProperty("avg_batch_size").GetDouble());
        Assert.Equal(published.Timestamp, stats.GetProperty("timestamp").GetDateTimeOffset());

        // The next publication is the next message: the cadence is the publisher's.
        await servers.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisNames.LiveStatsChannel),
            JsonSerializer.SerializeToUtf8Bytes(published with { TotalMessages = total + 50 }, ContractsJsonContext.Default.LiveStats));
        var next = await socket.UntilAsync(m => m.GetProperty("total_messages").GetInt64() != total);
        Assert.Equal(total + 50, next.GetProperty("total_messages").GetInt64());
    }
}
