using System.Collections.Concurrent;
using LogPlatform.Contracts;
using StackExchange.Redis;

namespace Realtime.Gateway.Filtering;

/// <summary>
/// Whether a property name is one the platform has seen: a name stored logs have had (the workers' Redis set
/// <see cref="RedisNames.PropertyNames"/>, bounded) or one a client family relies on (<see cref="KnownPropertyNames"/>).
/// A name found is remembered here, so a filter costs one SISMEMBER the first time only; a name not found is asked again
/// next time, because a log may have brought it since.
/// </summary>
public sealed class SeenPropertyNames(IConnectionMultiplexer redis, IEnumerable<KnownPropertyNames> known, ILogger<SeenPropertyNames> logger)
{
    private readonly ConcurrentDictionary<string, byte> _seen = new(known.SelectMany(k => k.Names).Select(n => KeyValuePair.Create(n, (byte)0)),
        StringComparer.Ordinal);

    public async ValueTask<bool> IsSeenAsync(string name)
    {
        if (_seen.ContainsKey(name)) return true;
        try
        {
            if (!await redis.GetDatabase().SetContainsAsync(RedisNames.PropertyNames, name)) return false;
            if (_seen.Count < RedisNames.MaxPropertyNames) _seen.TryAdd(name, 0);
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Cannot tell: the filter keeps its meaning (a property equality) rather than failing a request Redis is not needed for.
            logger.LogWarning("Property name '{Name}' could not be checked: {Error}", name, ex.Message);
            return true;
        }
    }

    /// <summary>The first of <paramref name="names"/> not seen, as an error naming it; null if none.</summary>
    public async ValueTask<LogFilterError?> FirstUnseenAsync(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (!await IsSeenAsync(name)) return LogFilter.UnseenProperty(name);
        }
        return null;
    }
}
