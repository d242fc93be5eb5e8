using LogPlatform.Contracts;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Stats.Service.Publishing;

/// <summary>Reads the counters and the stream's figures in one round trip.</summary>
public sealed class StatsReader(IConnectionMultiplexer redis, IOptions<StatsOptions> options, TimeProvider time)
{
    private static readonly RedisKey[] CounterKeys =
    [
        RedisNames.Counters.Accepted, RedisNames.Counters.Rejected, RedisNames.Counters.Stored,
        RedisNames.Counters.Batches, RedisNames.Counters.DeadLettered, RedisNames.Counters.StoreErrors,
        RedisNames.Counters.Unparsed, RedisNames.Counters.SyslogDropped, RedisNames.Counters.Anomalies,
    ];

    public async Task<StatsSnapshot> ReadAsync()
    {
        var db = redis.GetDatabase();
        var batch = db.CreateBatch();
        var counters = batch.StringGetAsync(CounterKeys);
        var length = batch.StreamLengthAsync(RedisNames.IngestStream);
        var groups = batch.StreamGroupInfoAsync(RedisNames.IngestStream);
        var liveSince = (time.GetUtcNow() - options.Value.LiveConsumerIdle).ToUnixTimeMilliseconds();
        var consumers = batch.SortedSetLengthAsync(RedisNames.WriterHeartbeats, liveSince);
        batch.Execute();

        var values = await counters;
        long Counter(int i) => values[i].TryParse(out long n) ? n : 0;

        // Workers delete what they have stored, so the stream's length is what is not stored yet. Redis's group lag is not
        // used: it is derived from counters that drift after claims, deletes and restarts.
        var unstored = await length;
        var pending = 0L;
        try
        {
            foreach (var group in await groups)
            {
                if (group.Name == RedisNames.WritersGroup) pending = group.PendingMessageCount;
            }
        }
        catch (RedisServerException)
        {
            // No stream or no group yet: nothing ingested, no worker has started.
        }

        var live = (int)await consumers;
        return new StatsSnapshot(Counter(0), Counter(1), Counter(2), Counter(3), Counter(4), Counter(5),
            QueueDepth: unstored, Pending: Math.Min(pending, unstored), Consumers: live, Unparsed: Counter(6), SyslogDropped: Counter(7), Anomalies: Counter(8));
    }
}
