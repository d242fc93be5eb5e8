using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using LogPlatform.Contracts;

namespace LogPlatform.Storage.Writing;

/// <summary>
/// The logs of one stream entry, keyed by the entry's id: the unit of exactly-once storage. The logs stay the JSON
/// payload ingest wrote (checked, and counted, when the entry is read); they are encoded for COPY and for the live
/// channel straight from it.
/// </summary>
public sealed record StreamEntryLogs(string StreamId, ReadOnlyMemory<byte> Payload, int Count, string? TraceParent)
{
    /// <summary>An entry whose payload is a JSON array of logs that can be stored; otherwise why not (for the dead-letter list).</summary>
    public static bool TryCreate(string streamId, ReadOnlyMemory<byte> payload, string? traceParent,
        [NotNullWhen(true)] out StreamEntryLogs? entry, [NotNullWhen(false)] out string? error)
    {
        if (!StreamLogReader.TryCount(payload.Span, out var count, out error))
        {
            entry = null;
            return false;
        }
        entry = new StreamEntryLogs(streamId, payload, count, traceParent);
        return true;
    }

    /// <summary>An entry of these logs, as ingest would write it (tools and tests).</summary>
    public static StreamEntryLogs FromLogs(string streamId, IReadOnlyList<LogEvent> logs, string? traceParent = null)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(logs.ToArray(), ContractsJsonContext.Default.LogEventArray);
        return TryCreate(streamId, payload, traceParent, out var entry, out var error) ? entry : throw new ArgumentException(error, nameof(logs));
    }
}

/// <summary>
/// What a write stored: the entries that were new, in order, whose logs took the ids from <see cref="FirstId"/> on; and
/// how many entries had been stored before (redeliveries).
/// </summary>
public sealed record StoredBatch(IReadOnlyList<StreamEntryLogs> Entries, long FirstId, int RepeatedEntries)
{
    /// <summary>The logs stored.</summary>
    public int Count { get; } = Entries.Sum(e => e.Count);

    /// <summary>The ids of the stored logs, in the entries' order.</summary>
    public IEnumerable<long> Ids => Enumerable.Range(0, Count).Select(i => FirstId + i);
}
