using LogPlatform.Contracts;
using StackExchange.Redis;

namespace Stats.Service.Publishing;

/// <summary>Reads the counters and the stream's consumer-group figures in one round trip.</summary>
public sealed class StatsReader(IConnectionMultiplexer redis)
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
        var groups = batch.ExecuteAsync("XINFO", "GROUPS", RedisNames.IngestStream);
        batch.Execute();

        var values = await counters;
        long Counter(int i) => values[i].TryParse(out long n) ? n : 0;

        long lag = 0, pending = 0;
        var consumers = 0;
        try
        {
            foreach (var group in (RedisResult[])(await groups)!)
            {
                var fields = group.ToDictionary();
                if ((string?)fields["name"] != RedisNames.WritersGroup) continue;
                consumers = (int)fields["consumers"];
                pending = (long)fields["pending"];
                // lag is null when Redis cannot tell (after deletions); entries-read then says nothing either.
                lag = fields.TryGetValue("lag", out var l) && !l.IsNull ? (long)l : 0;
            }
        }
        catch (RedisServerException)
        {
            // No stream yet: nothing ingested, nothing pending.
        }

        return new StatsSnapshot(Counter(0), Counter(1), Counter(2), Counter(3), Counter(4), Counter(5), lag, pending, consumers);
    }
}
