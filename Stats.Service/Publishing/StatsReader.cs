using LogPlatform.Contracts;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Stats.Service.Publishing;

/// <summary>Reads the counters and the stream's figures in one round trip.</summary>
public sealed class StatsReader(IConnectionMultiplexer redis, IOptions<StatsOptions> options)
{
    private static readonly RedisKey[] CounterKeys =
    [
        RedisNames.Counters.Accepted, RedisNames.Counters.Rejected, RedisNames.Counters.Stored,
        RedisNames.Counters.Batches, RedisNames.Counters.DeadLettered, RedisNames.Counters.StoreErrors,
    ];

    public async Task<StatsSnapshot> ReadAsync()
    {
        var db = redis.GetDatabase();
        var batch = db.CreateBatch();
        var counters = batch.StringGetAsync(CounterKeys);
        var length = batch.StreamLengthAsync(RedisNames.IngestStream);
        var groups = batch.StreamGroupInfoAsync(RedisNames.IngestStream);
        var consumers = batch.StreamConsumerInfoAsync(RedisNames.IngestStream, RedisNames.WritersGroup);
        batch.Execute();

        var values = await counters;
        long Counter(int i) => values[i].TryParse(out long n) ? n : 0;

        // Workers delete what they have stored, so the stream's length is what is not stored yet. Redis's group lag is not
        // used: it is derived from counters that drift after claims, deletes and restarts.
        var unstored = await length;
        var pending = 0L;
        var live = 0;
        try
        {
            foreach (var group in await groups)
            {
                if (group.Name == RedisNames.WritersGroup) pending = group.PendingMessageCount;
            }
            live = LiveConsumers(await consumers, options.Value.LiveConsumerIdle);
        }
        catch (RedisServerException)
        {
            // No stream or no group yet: nothing ingested, no worker has started.
        }

        return new StatsSnapshot(Counter(0), Counter(1), Counter(2), Counter(3), Counter(4), Counter(5),
            QueueDepth: unstored, Pending: Math.Min(pending, unstored), Consumers: live);
    }

    /// <summary>
    /// Consumers that read within <paramref name="liveIdle"/>: a running worker polls every few milliseconds, while the
    /// consumer of a crashed one stays in the group (until a worker removes it) with its idle time growing.
    /// </summary>
    public static int LiveConsumers(IEnumerable<StreamConsumerInfo> consumers, TimeSpan liveIdle)
        => consumers.Count(c => c.IdleTimeInMilliseconds < liveIdle.TotalMilliseconds);
}
