using LogPlatform.Contracts;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Worker.Service.Consuming;

/// <summary>
/// Keeps the writers group to live workers. Each consumer beats (<see cref="RedisNames.WriterHeartbeats"/>) every few
/// seconds; a consumer without a heartbeat for <see cref="WorkerOptions.ConsumerExpiry"/> (far beyond the claim time)
/// and holding nothing pending belongs to a worker that is gone and is removed from the group. Every restarted worker is
/// a new consumer; without this the group lists every process that ever ran.
/// </summary>
public sealed class ConsumerLiveness(IConnectionMultiplexer redis, IOptions<WorkerOptions> options, TimeProvider time, ILogger<ConsumerLiveness> logger)
{
    // One script, so the check and the removal are atomic: XGROUP DELCONSUMER drops the consumer's pending entries with
    // it, and a consumer that read something between a separate check and the removal would take those entries along
    // (never to be claimed again). Redis's idle time alone is not enough: it grows on an idle platform too.
    private const string Script = """
        local cutoff = tonumber(ARGV[3])
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[2])
        local removed = {}
        for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
          local fields = {}
          for i = 1, #consumer, 2 do fields[consumer[i]] = consumer[i + 1] end
          local name = fields['name']
          local beat = tonumber(redis.call('ZSCORE', KEYS[2], name) or '0')
          if name ~= ARGV[2] and fields['pending'] == 0 and beat < cutoff and fields['idle'] >= tonumber(ARGV[5]) then
            redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], name)
            redis.call('ZREM', KEYS[2], name)
            removed[#removed + 1] = name
          end
        end
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[3])
        return removed
        """;

    /// <summary>Records <paramref name="self"/>'s heartbeat and removes the dead consumers; answers how many.</summary>
    public async Task<int> BeatAsync(string self)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var expiry = (long)options.Value.ConsumerExpiry.TotalMilliseconds;
        var result = await redis.GetDatabase().ScriptEvaluateAsync(Script, [RedisNames.IngestStream, RedisNames.WriterHeartbeats],
            [RedisNames.WritersGroup, self, now - expiry, now, expiry]);
        var removed = (string?[]?)result ?? [];
        if (removed.Length > 0)
        {
            logger.LogInformation("Removed {Count} consumers of stopped workers from group {Group} (no heartbeat for {Expiry}, nothing pending): {Consumers}",
                removed.Length, RedisNames.WritersGroup, options.Value.ConsumerExpiry, string.Join(", ", removed));
        }
        return removed.Length;
    }

    /// <summary>On a clean stop: no longer counted as a live worker (its consumer stays until its entries are done).</summary>
    public Task LeaveAsync(string self) => redis.GetDatabase().SortedSetRemoveAsync(RedisNames.WriterHeartbeats, self);
}
