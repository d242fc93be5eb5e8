using StackExchange.Redis;

namespace LogPlatform.Notifications.Sending;

/// <summary>
/// The outbox's moves that must be atomic, as Lua: a delivery is always in exactly one of outbox, in-flight, retry or dead.
/// The list keys are built in the script from the item's channel id, which a single Redis allows (a cluster would need
/// the channel in a hash tag).
/// </summary>
internal static class OutboxScripts
{
    /// <summary>Due retries back to the front of their channel's outbox. KEYS: retry zset, active set. ARGV: now (ms), outbox prefix.</summary>
    public static readonly LuaScript MoveDueRetries = LuaScript.Prepare("""
        local due = redis.call('ZRANGEBYSCORE', @retry, '-inf', @now, 'LIMIT', 0, 100)
        for _, item in ipairs(due) do
          redis.call('ZREM', @retry, item)
          local channel = cjson.decode(item)['channel_id']
          redis.call('RPUSH', @outbox .. channel, item)
          redis.call('SADD', @active, channel)
        end
        return #due
        """);

    /// <summary>
    /// Every sender whose heartbeat is older than the cutoff: its in-flight deliveries back to their outboxes, itself forgotten.
    /// </summary>
    public static readonly LuaScript RequeueDeadSenders = LuaScript.Prepare("""
        local dead = redis.call('ZRANGEBYSCORE', @senders, '-inf', @cutoff)
        local moved = 0
        for _, sender in ipairs(dead) do
          local list = @inflight .. sender
          while true do
            local item = redis.call('RPOP', list)
            if not item then break end
            local channel = cjson.decode(item)['channel_id']
            redis.call('RPUSH', @outbox .. channel, item)
            redis.call('SADD', @active, channel)
            moved = moved + 1
          end
          redis.call('ZREM', @senders, sender)
        end
        return moved
        """);

    /// <summary>The channel leaves the active set only if its outbox is still empty (an enqueue may have just come in).</summary>
    public static readonly LuaScript ForgetIfEmpty = LuaScript.Prepare("""
        if redis.call('LLEN', @outbox) == 0 then redis.call('SREM', @active, @channel) return 1 end
        return 0
        """);
}
