using System.Text;
using System.Text.Json;
using LogPlatform.Contracts;
using StackExchange.Redis;

namespace Worker.Service.Tests.Integration;

[Collection(ServersCollection.Name)]
public sealed class FaultTests(ServersFixture servers)
{
    [Fact]
    public async Task An_undecodable_entry_is_dead_lettered_with_its_reason_and_the_stream_keeps_flowing()
    {
        var application = "poison-" + Guid.NewGuid().ToString("N")[..8];
        var poisonId = await servers.AddRawEntryAsync(Encoding.UTF8.GetBytes($"not json {application}"), 1);
        await servers.AddEntryAsync(ServersFixture.Logs(application, 5));

        await using (servers.StartWorker())
        {
            await servers.WaitForRowsAsync(application, 5, TimeSpan.FromSeconds(30));
            var letter = await WaitForDeadLetterAsync(poisonId!, TimeSpan.FromSeconds(10));
            Assert.Equal("worker", letter.GetProperty("source").GetString());
            Assert.Contains("undecodable", letter.GetProperty("reason").GetString());
        }
        Assert.Empty(await servers.Redis.GetDatabase().StreamPendingMessagesAsync(RedisNames.IngestStream, RedisNames.WritersGroup, 10, RedisValue.Null, poisonId, poisonId));
    }

    [Fact]
    public async Task An_entry_PostgreSQL_refuses_is_isolated_retried_then_dead_lettered_while_its_batch_mates_are_stored()
    {
        var application = "refused-" + Guid.NewGuid().ToString("N")[..8];
        // NUL cannot be stored in PostgreSQL text: COPY fails for this entry every time.
        var badId = await servers.AddEntryAsync(ServersFixture.Logs(application, 1, "bad \0 byte"));
        await servers.AddEntryAsync(ServersFixture.Logs(application, 7));

        await using (servers.StartWorker(("Worker:MaxDeliveries", "2"), ("Worker:Linger", "00:00:00.200")))
        {
            await servers.WaitForRowsAsync(application, 7, TimeSpan.FromSeconds(30));
            var letter = await WaitForDeadLetterAsync(badId, TimeSpan.FromSeconds(30));
            Assert.Contains("deliveries", letter.GetProperty("reason").GetString());
        }
        Assert.Equal((7L, 7L), await servers.CountAsync(application));
    }

    [Fact]
    public async Task While_PostgreSQL_is_down_nothing_is_acknowledged_and_the_backlog_drains_when_it_returns()
    {
        var application = "outage-" + Guid.NewGuid().ToString("N")[..8];
        await using var worker = servers.StartWorker();
        await servers.AddEntryAsync(ServersFixture.Logs(application, 10));
        await servers.WaitForRowsAsync(application, 10, TimeSpan.FromSeconds(30));

        await servers.Servers.StopResourceAsync("postgres");
        try
        {
            for (var i = 0; i < 20; i++) await servers.AddEntryAsync(ServersFixture.Logs(application, 10));
            await Task.Delay(TimeSpan.FromSeconds(3));
            // Read or not, nothing of the outage was acknowledged: every entry is still in the stream.
            var entries = await servers.Redis.GetDatabase().StreamRangeAsync(RedisNames.IngestStream);
            Assert.Equal(20, entries.Count(e => e[StreamEntryFields.Payload].ToString().Contains(application)));
        }
        finally
        {
            await servers.Servers.StartResourceAsync("postgres");
        }
        await servers.WaitForRowsAsync(application, 210, TimeSpan.FromSeconds(60));
        await Task.Delay(500);
        Assert.Equal((210L, 210L), await servers.CountAsync(application));
    }

    private async Task<JsonElement> WaitForDeadLetterAsync(string streamId, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (!limit.IsCancellationRequested)
        {
            foreach (var value in await servers.Redis.GetDatabase().ListRangeAsync(RedisNames.DeadLetterList, 0, 50))
            {
                using var document = JsonDocument.Parse((string)value!);
                if (document.RootElement.TryGetProperty("entry", out var entry) && entry.ValueKind == JsonValueKind.Object
                    && entry.TryGetProperty("stream_id", out var id) && id.GetString() == streamId)
                {
                    return document.RootElement.Clone();
                }
            }
            await Task.Delay(100);
        }
        Assert.Fail($"Entry {streamId} never reached {RedisNames.DeadLetterList}.");
        return default;
    }
}
