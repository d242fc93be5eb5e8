using LogPlatform.Contracts;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Worker.Service.Consuming;

/// <summary>
/// Removes from the writers group the consumers of workers that are gone: idle for longer than
/// <see cref="WorkerOptions.ConsumerExpiry"/> (far beyond the claim time) and holding nothing pending. Every restarted
/// worker is a new consumer; without this the group lists every process that ever ran.
/// </summary>
public sealed class DeadConsumerSweeper(IConnectionMultiplexer redis, IOptions<WorkerOptions> options, ILogger<DeadConsumerSweeper> logger)
{
    // One script, so the check and the removal are atomic: XGROUP DELCONSUMER drops the consumer's pending entries with
    // it, and a consumer that read something between a separate check and the removal would take those entries along
    // (never to be claimed again).
    private const string Script = """
        local removed = {}
        for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
          local fields = {}
          for i = 1, #consumer, 2 do fields[consumer[i]] = consumer[i + 1] end
          if fields['name'] ~= ARGV[2] and fields['pending'] == 0 and fields['idle'] >= tonumber(ARGV[3]) then
            redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], fields['name'])
            removed[#removed + 1] = fields['name']
          end
        end
        return removed
        """;

    /// <summary>Removes the dead consumers (never <paramref name="self"/>) and answers how many.</summary>
    public async Task<int> SweepAsync(string self)
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(Script, [RedisNames.IngestStream],
            [RedisNames.WritersGroup, self, (long)options.Value.ConsumerExpiry.TotalMilliseconds]);
        var removed = (string?[]?)result ?? [];
        if (removed.Length > 0)
        {
            logger.LogInformation("Removed {Count} consumers of stopped workers from group {Group} (idle over {Expiry}, nothing pending): {Consumers}",
                removed.Length, RedisNames.WritersGroup, options.Value.ConsumerExpiry, string.Join(", ", removed));
        }
        return removed.Length;
    }
}
