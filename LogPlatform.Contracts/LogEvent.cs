using System.Text.Json;
using System.Text.Json.Serialization;

namespace LogPlatform.Contracts;

/// <summary>
/// A stored log event as the read side sees it: what the application sent, normalised,
/// plus the platform's <see cref="Id"/> and <see cref="ReceivedAt"/>.
/// </summary>
public sealed record LogEvent
{
    /// <summary>Database id, assigned when stored; 0 before that.</summary>
    [JsonPropertyName("id")] public long Id { get; init; }
    [JsonPropertyName("timestamp")] public DateTimeOffset Timestamp { get; init; }
    [JsonPropertyName("level")] public LogSeverity Level { get; init; }
    [JsonPropertyName("message")] public string Message { get; init; } = "";
    [JsonPropertyName("source")] public string Source { get; init; } = "";
    [JsonPropertyName("application")] public string Application { get; init; } = "";
    [JsonPropertyName("trace_id")] public string? TraceId { get; init; }
    [JsonPropertyName("span_id")] public string? SpanId { get; init; }
    /// <summary>Free properties (a JSON object), such as a job run's id. Accepted on ingest as "properties" or "metadata".</summary>
    [JsonPropertyName("properties")] public JsonElement? Properties { get; init; }
    [JsonPropertyName("received_at")] public DateTimeOffset ReceivedAt { get; init; }
}
