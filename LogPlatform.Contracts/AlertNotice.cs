using System.Text.Json.Serialization;

namespace LogPlatform.Contracts;

/// <summary>
/// What an alert says when it changes state: published on <see cref="RedisNames.LiveAlertsChannel"/> (relayed by the gateway as
/// an <c>alert</c> envelope), stored as an incident in <c>alerts</c>, and the content of every notification about it.
/// </summary>
public sealed record AlertNotice
{
    /// <summary>Always <c>rule</c>: tells the gateway and dashboard this is a user-defined alert, not a <see cref="SystemAlert"/>.</summary>
    [JsonPropertyName("kind")] public string Kind { get; init; } = "rule";
    /// <summary>The incident's id (one per firing, per grouping value).</summary>
    [JsonPropertyName("alert_id")] public required string AlertId { get; init; }
    [JsonPropertyName("rule_id")] public required string RuleId { get; init; }
    [JsonPropertyName("rule_name")] public required string RuleName { get; init; }
    /// <summary>The grouping value (an application's name, say); empty when the rule has no grouping.</summary>
    [JsonPropertyName("group")] public string Group { get; init; } = "";
    /// <summary>One of <see cref="AlertStates"/>.</summary>
    [JsonPropertyName("state")] public required string State { get; init; }
    /// <summary><c>info</c>, <c>warning</c> or <c>critical</c>.</summary>
    [JsonPropertyName("severity")] public required string Severity { get; init; }
    /// <summary>One human-readable line: what happened, with the figure and the threshold.</summary>
    [JsonPropertyName("message")] public required string Message { get; init; }
    [JsonPropertyName("value")] public double Value { get; init; }
    [JsonPropertyName("threshold")] public double Threshold { get; init; }
    /// <summary>The rule's filter as a query string, so a receiver can link to the matching logs.</summary>
    [JsonPropertyName("filter")] public string Filter { get; init; } = "";
    [JsonPropertyName("started_at")] public DateTimeOffset StartedAt { get; init; }
    [JsonPropertyName("resolved_at")] public DateTimeOffset? ResolvedAt { get; init; }
    [JsonPropertyName("timestamp")] public DateTimeOffset Timestamp { get; init; }
}

/// <summary>The states an <see cref="AlertNotice"/> reports.</summary>
public static class AlertStates
{
    public const string Firing = "firing";
    /// <summary>Still firing when the rule's repeat interval passed: a reminder.</summary>
    public const string Repeat = "repeat";
    public const string Resolved = "resolved";
    /// <summary>A "send test notification" from the dashboard.</summary>
    public const string Test = "test";
    /// <summary>A <see cref="SystemAlert"/> routed to a channel.</summary>
    public const string System = "system";
}

/// <summary>
/// One notification to one channel, as it waits in the outbox (<see cref="RedisNames.Notifications"/>). <see cref="DeliveryId"/>
/// is sent as <c>Idempotency-Key</c>, so a receiver can drop the rare duplicate of at-least-once delivery.
/// </summary>
public sealed record NotificationDelivery
{
    [JsonPropertyName("delivery_id")] public required string DeliveryId { get; init; }
    [JsonPropertyName("channel_id")] public required string ChannelId { get; init; }
    [JsonPropertyName("notice")] public required AlertNotice Notice { get; init; }
    /// <summary>Attempts made so far (0 before the first).</summary>
    [JsonPropertyName("attempts")] public int Attempts { get; init; }
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("last_error")] public string? LastError { get; init; }
}
