using Ingest.Api.Parsing;
using LogPlatform.Contracts;
using StackExchange.Redis;

namespace Ingest.Api.Queue;

/// <summary>
/// Appends a request's chunks to <see cref="RedisNames.IngestStream"/>: one XADD per chunk plus INCRBY of the accepted
/// counter, in one MULTI/EXEC so a request lands whole or not at all, sent in one round trip. Never trims the stream:
/// only the worker knows what is stored.
/// </summary>
public sealed class StreamEnqueuer(IConnectionMultiplexer redis, TimeProvider time, Microsoft.Extensions.Options.IOptions<IngestOptions> options)
{
    /// <param name="idempotencyKey">
    /// The client's <c>Idempotency-Key</c>, if any: the transaction then only commits when the key is new (WATCH), and
    /// records it in the same MULTI, so a retry of a request that did commit (say, answered 503 on a timeout) is not enqueued again.
    /// </param>
    /// <param name="unparsed">Text lines no format matched, counted in <see cref="RedisNames.Counters.Unparsed"/> in the same MULTI.</param>
    /// <returns>The stream entry id of every chunk, in order; or, for a repeated idempotency key, none and <c>Duplicate</c>.</returns>
    /// <exception cref="RedisException">Redis refused, timed out or is unreachable: nothing is known to be stored.</exception>
    public async Task<EnqueueResult> EnqueueAsync(IReadOnlyList<LogChunk> chunks, int logCount, string traceParent, string? idempotencyKey = null,
        int unparsed = 0)
    {
        var database = redis.GetDatabase();
        var transaction = database.CreateTransaction();
        RedisKey idempotency = default;
        if (idempotencyKey is not null)
        {
            idempotency = RedisNames.IngestIdempotencyPrefix + idempotencyKey;
            transaction.AddCondition(Condition.KeyNotExists(idempotency));
            _ = transaction.StringSetAsync(idempotency, logCount, options.Value.IdempotencyKeyLifetime);
        }
        RedisValue acceptedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        RedisValue traceParentValue = traceParent;

        var adds = new Task<RedisValue>[chunks.Count];
        for (var i = 0; i < chunks.Count; i++)
        {
            adds[i] = transaction.StreamAddAsync(RedisNames.IngestStream,
            [
                new NameValueEntry(StreamEntryFields.Payload, chunks[i].Payload),
                new NameValueEntry(StreamEntryFields.Count, chunks[i].Count),
                new NameValueEntry(StreamEntryFields.TraceParent, traceParentValue),
                new NameValueEntry(StreamEntryFields.AcceptedAtUnixMs, acceptedAt),
            ]);
        }
        var counted = transaction.StringIncrementAsync(RedisNames.Counters.Accepted, logCount);
        if (unparsed > 0) _ = transaction.StringIncrementAsync(RedisNames.Counters.Unparsed, unparsed);

        if (!await transaction.ExecuteAsync().ConfigureAwait(false))
        {
            if (idempotencyKey is not null) return new EnqueueResult([], Duplicate: true);
            throw new RedisException("The enqueue transaction was not committed.");
        }

        var ids = new string[adds.Length];
        for (var i = 0; i < adds.Length; i++) ids[i] = (await adds[i].ConfigureAwait(false)).ToString();
        await counted.ConfigureAwait(false);
        return new EnqueueResult(ids, Duplicate: false);
    }
}

/// <summary>The stream entry ids of a request's chunks, or <c>Duplicate</c> when its idempotency key was already used.</summary>
public readonly record struct EnqueueResult(string[] EntryIds, bool Duplicate);
