using StackExchange.Redis;

namespace Analysis.Service.Leasing;

/// <summary>
/// A lease on one Redis key: whoever holds it is the one active instance. Taken with <c>SET NX PX</c>, renewed and released
/// with compare-and-extend / compare-and-delete scripts, so an instance can never extend or end a lease another one holds.
/// The key expires by itself when its holder dies, and a follower takes it at its next try.
/// </summary>
public sealed class RedisLease(IConnectionMultiplexer redis, string key, string holder, TimeSpan duration)
{
    private static readonly LuaScript Extend = LuaScript.Prepare(
        "if redis.call('GET', @key) == @holder then return redis.call('PEXPIRE', @key, @ms) else return 0 end");

    private static readonly LuaScript Delete = LuaScript.Prepare(
        "if redis.call('GET', @key) == @holder then return redis.call('DEL', @key) else return 0 end");

    public string Holder { get; } = holder;

    public TimeSpan Duration { get; } = duration;

    /// <summary>True when this instance holds the lease now (just taken, or already its own and extended).</summary>
    public async Task<bool> TryAcquireAsync()
    {
        var db = redis.GetDatabase();
        if (await db.StringSetAsync(key, Holder, Duration, When.NotExists)) return true;
        return await RenewAsync();
    }

    /// <summary>Extends the lease if this instance still holds it; false when it has lost it.</summary>
    public async Task<bool> RenewAsync()
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(Extend,
            new { key = (RedisKey)key, holder = (RedisValue)Holder, ms = (long)Duration.TotalMilliseconds });
        return (long)result == 1;
    }

    /// <summary>Gives the lease up at once (a clean stop), so a follower need not wait for it to expire.</summary>
    public async Task ReleaseAsync()
    {
        await redis.GetDatabase().ScriptEvaluateAsync(Delete, new { key = (RedisKey)key, holder = (RedisValue)Holder });
    }

    /// <summary>The current holder, or null.</summary>
    public async Task<string?> CurrentHolderAsync() => await redis.GetDatabase().StringGetAsync(key);
}
