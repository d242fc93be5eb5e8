using System.Text.Json;
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
        try
        {
            var events = JsonSerializer.Deserialize((byte[])payload!, ContractsJsonContext.Default.LogEventArray);
            if (events is null)
            {
                error = "payload is null";
                return false;
            }
            var traceParent = entry[StreamEntryFields.TraceParent];
            logs = new StreamEntryLogs(entry.Id!, events, traceParent.IsNullOrEmpty ? null : (string?)traceParent);
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            error = $"payload is not a JSON array of logs: {ex.Message}";
            return false;
        }
    }
}
