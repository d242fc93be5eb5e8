using System.Text.Json.Serialization;

namespace LogPlatform.Contracts;

/// <summary>Every WebSocket and SSE message: <c>{"type": ..., "data": ..., "timestamp": ...}</c>.</summary>
public sealed record Envelope<T>(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("data")] T Data,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp);

/// <summary>The envelope types clients can receive.</summary>
public static class EnvelopeTypes
{
    public const string ConnectionEstablished = "connection_established";
    public const string Logs = "logs";
    public const string StatsUpdate = "stats_update";
    public const string Alert = "alert";
    public const string SystemAlert = "system_alert";
    /// <summary>An <see cref="Anomaly"/> as published on <see cref="RedisNames.LiveAnomaliesChannel"/>.</summary>
    public const string NewAnomaly = "new_anomaly";
    public const string Dropped = "dropped";
    public const string Pong = "pong";
    public const string Error = "error";
}
