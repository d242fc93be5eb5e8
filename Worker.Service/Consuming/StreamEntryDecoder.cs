using LogPlatform.Contracts;
using LogPlatform.Storage.Writing;
using StackExchange.Redis;

namespace Worker.Service.Consuming;

/// <summary>Reads a stream entry written by ingest (fields in <see cref="StreamEntryFields"/>).</summary>
public static class StreamEntryDecoder
{
    public static bool TryDecode(StreamEntry entry, out StreamEntryLogs logs, out string? error)
    {
        logs = null!;
        var payload = entry[StreamEntryFields.Payload];
        if (payload.IsNullOrEmpty)
        {
            error = $"entry has no '{StreamEntryFields.Payload}' field";
            return false;
        }
        var traceParent = entry[StreamEntryFields.TraceParent];
        if (!StreamEntryLogs.TryCreate(entry.Id!, (byte[])payload!, traceParent.IsNullOrEmpty ? null : (string?)traceParent, out var decoded, out error))
        {
            error = $"payload is not a JSON array of logs: {error}";
            return false;
        }
        logs = decoded;
        return true;
    }
}
