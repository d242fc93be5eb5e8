using LogPlatform.Contracts;
using LogPlatform.Storage.Writing;
using Npgsql;
using StackExchange.Redis;

namespace Worker.Service.Tests.Integration;

[Collection(ServersCollection.Name)]
public sealed class ExactlyOnceTests(ServersFixture servers)
{
    [Fact]
    public async Task Every_entry_is_stored_once_acknowledged_counted_and_published()
    {
        var application = "once-" + Guid.NewGuid().ToString("N")[..8];
        var subscriber = servers.Redis.GetSubscriber();
        var published = 0;
        var live = await subscriber.SubscribeAsync(RedisChannel.Literal(RedisNames.LiveLogsChannel));
        live.OnMessage(message =>
        {
            var logs = System.Text.Json.JsonSerializer.Deserialize((byte[])message.Message!, ContractsJsonContext.Default.LogEventArray)!;
            Interlocked.Add(ref published, logs.Count(l => l.Application == application && l.Id > 0));
        });
        var storedBefore = (long)await servers.Redis.GetDatabase().StringGetAsync(RedisNames.Counters.Stored);

        for (var i = 0; i < 40; i++) await servers.AddEntryAsync(ServersFixture.Logs(application, 25));
        await using (servers.StartWorker())
        await using (servers.StartWorker())
        {
            await servers.WaitForRowsAsync(application, 1_000, TimeSpan.FromSeconds(30));
            await Task.Delay(500); // a duplicate would show up now
        }
        await live.UnsubscribeAsync();

        Assert.Equal((1_000L, 1_000L), await servers.CountAsync(application));
        var pending = await servers.Redis.GetDatabase().StreamPendingAsync(RedisNames.IngestStream, RedisNames.WritersGroup);
        Assert.Equal(0, pending.PendingMessageCount);
        Assert.True((long)await servers.Redis.GetDatabase().StringGetAsync(RedisNames.Counters.Stored) >= storedBefore + 1_000);
        Assert.Equal(1_000, published);
    }

    [Fact]
    public async Task A_redelivered_batch_is_not_stored_twice_even_concurrently()
    {
        var application = "redeliver-" + Guid.NewGuid().ToString("N")[..8];
        await using var dataSource = NpgsqlDataSource.Create(servers.PostgresConnection);
        var writer = new LogBatchWriter(dataSource);
        var streamId = $"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}-{Random.Shared.Next(1_000_000)}";
        StreamEntryLogs[] batch = [StreamEntryLogs.FromLogs(streamId, ServersFixture.Logs(application, 10))];

        var first = await writer.WriteAsync(batch, CancellationToken.None);
        Assert.Equal(10, first.Count);
        Assert.Equal(0, first.RepeatedEntries);

        // The same entry again (a worker crashed after commit, before XACK), twice at once: nothing new.
        var again = await Task.WhenAll(writer.WriteAsync(batch, CancellationToken.None), writer.WriteAsync(batch, CancellationToken.None));
        Assert.All(again, result => Assert.Equal(0, result.Count));
        Assert.All(again, result => Assert.Equal(1, result.RepeatedEntries));
        Assert.Equal((10L, 10L), await servers.CountAsync(application));
    }

    [Fact]
    public async Task Entries_left_pending_by_a_crashed_consumer_are_claimed_and_stored_once()
    {
        var application = "claim-" + Guid.NewGuid().ToString("N")[..8];
        var db = servers.Redis.GetDatabase();
        try
        {
            await db.StreamCreateConsumerGroupAsync(RedisNames.IngestStream, RedisNames.WritersGroup, "0-0", createStream: true);
        }
        catch (RedisServerException)
        {
            // exists
        }
        for (var i = 0; i < 5; i++) await servers.AddEntryAsync(ServersFixture.Logs(application, 20));

        // A consumer reads them and dies without acknowledging.
        var taken = await db.StreamReadGroupAsync(RedisNames.IngestStream, RedisNames.WritersGroup, "crashed-consumer", ">", 100);
        Assert.Contains(taken, e => e[StreamEntryFields.Payload].ToString().Contains(application));

        await using (servers.StartWorker())
        {
            await servers.WaitForRowsAsync(application, 100, TimeSpan.FromSeconds(30));
            await Task.Delay(500);
        }
        Assert.Equal((100L, 100L), await servers.CountAsync(application));
    }
}
