using Ingest.Api.Parsing;
using LogPlatform.Contracts;
using StackExchange.Redis;

namespace Ingest.Api.Queue;

/// <summary>
/// Appends a request's chunks to <see cref="RedisNames.IngestStream"/>: one XADD per chunk plus INCRBY of the accepted
/// counter, in one MULTI/EXEC so a request lands whole or not at all, sent in one round trip. Never trims the stream:
/// only the worker knows what is stored.
/// </summary>
public sealed class StreamEnqueuer(IConnectionMultiplexer redis, TimeProvider time)
{
    /// <returns>The stream entry id of every chunk, in order.</returns>
    /// <exception cref="RedisException">Redis refused, timed out or is unreachable: nothing is known to be stored.</exception>
    public async Task<string[]> EnqueueAsync(IReadOnlyList<LogChunk> chunks, int logCount, string traceParent)
    {
        var database = redis.GetDatabase();
        var transaction = database.CreateTransaction();
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

        if (!await transaction.ExecuteAsync().ConfigureAwait(false))
        {
            throw new RedisException("The enqueue transaction was not committed.");
        }

        var ids = new string[adds.Length];
        for (var i = 0; i < adds.Length; i++) ids[i] = (await adds[i].ConfigureAwait(false)).ToString();
        await counted.ConfigureAwait(false);
        return ids;
    }
}
