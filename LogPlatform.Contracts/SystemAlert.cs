using System.Text.Json.Serialization;

namespace LogPlatform.Contracts;

/// <summary>
/// A condition of the platform itself (backlog, storage failing, logs dead-lettered), published on <c>alerts:live</c> and
/// relayed by the gateway as a <c>system_alert</c> envelope. <see cref="Severity"/> <c>resolved</c> ends a condition.
/// </summary>
public sealed record SystemAlert
{
    /// <summary>Always <c>system</c>: tells the gateway this is a system alert, not a user-defined one.</summary>
    [JsonPropertyName("kind")] public string Kind { get; init; } = "system";
    /// <summary>Stable identifier of the condition: <c>queue_backlog</c>, <c>store_errors</c>, <c>dead_letters</c>.</summary>
    [JsonPropertyName("code")] public required string Code { get; init; }
    /// <summary><c>warning</c>, <c>critical</c> or <c>resolved</c>.</summary>
    [JsonPropertyName("severity")] public required string Severity { get; init; }
    [JsonPropertyName("message")] public required string Message { get; init; }
    /// <summary>The figure that raised or resolved it (logs waiting, errors, entries).</summary>
    [JsonPropertyName("value")] public long Value { get; init; }
    [JsonPropertyName("timestamp")] public DateTimeOffset Timestamp { get; init; }
}
