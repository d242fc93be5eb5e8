using System.Text.Json.Serialization;

namespace Realtime.Gateway.Streaming;

/// <summary>The answer of <c>GET /api/v1/streams/status</c> for this gateway replica.</summary>
public sealed record StreamStatus(
    [property: JsonPropertyName("connections")] int Connections,
    [property: JsonPropertyName("by_protocol")] IReadOnlyDictionary<string, int> ByProtocol,
    [property: JsonPropertyName("by_stream")] IReadOnlyDictionary<string, int> ByStream,
    [property: JsonPropertyName("by_scope")] IReadOnlyDictionary<string, int> ByScope,
    [property: JsonPropertyName("messages_sent")] long MessagesSent,
    [property: JsonPropertyName("logs_dropped")] long LogsDropped,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp)
{
    public static StreamStatus From(IEnumerable<StreamClient> clients, DateTimeOffset now)
    {
        var list = clients.ToList();
        return new StreamStatus(
            list.Count,
            list.GroupBy(c => c.Protocol == StreamProtocol.WebSocket ? "websocket" : "sse").ToDictionary(g => g.Key, g => g.Count()),
            list.GroupBy(c => c.Kind.ToString().ToLowerInvariant()).ToDictionary(g => g.Key, g => g.Count()),
            // A scope is what narrows a stream to one subject, such as a job run: its property filters.
            list.Where(c => c.Filter.Properties.Count > 0)
                .GroupBy(c => string.Join('&', c.Filter.Properties.Select(p => $"{p.Key}={p.Value}")))
                .ToDictionary(g => g.Key, g => g.Count()),
            list.Sum(c => c.Sent),
            list.Sum(c => c.Dropped),
            now);
    }
}
