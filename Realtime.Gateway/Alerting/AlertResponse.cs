using System.Text.Json.Serialization;
using LogPlatform.Storage.Alerting;

namespace Realtime.Gateway.Alerting;

/// <summary>An incident as the alerts API shows it.</summary>
public sealed record AlertResponse
{
    [JsonPropertyName("id")] public required Guid Id { get; init; }
    [JsonPropertyName("rule_id")] public required Guid RuleId { get; init; }
    [JsonPropertyName("rule_name")] public required string RuleName { get; init; }
    [JsonPropertyName("group")] public required string Group { get; init; }
    [JsonPropertyName("state")] public required string State { get; init; }
    [JsonPropertyName("severity")] public required string Severity { get; init; }
    [JsonPropertyName("message")] public required string Message { get; init; }
    [JsonPropertyName("value")] public double Value { get; init; }
    [JsonPropertyName("threshold")] public double Threshold { get; init; }
    [JsonPropertyName("started_at")] public DateTimeOffset StartedAt { get; init; }
    [JsonPropertyName("last_notified_at")] public DateTimeOffset? LastNotifiedAt { get; init; }
    [JsonPropertyName("notifications")] public int Notifications { get; init; }
    [JsonPropertyName("resolved_at")] public DateTimeOffset? ResolvedAt { get; init; }
    [JsonPropertyName("acknowledged_by")] public string? AcknowledgedBy { get; init; }
    [JsonPropertyName("acknowledged_at")] public DateTimeOffset? AcknowledgedAt { get; init; }

    public static AlertResponse From(AlertIncident alert) => new()
    {
        Id = alert.Id, RuleId = alert.RuleId, RuleName = alert.RuleName, Group = alert.Group, State = alert.State, Severity = alert.Severity,
        Message = alert.Message, Value = alert.Value, Threshold = alert.Threshold, StartedAt = alert.StartedAt, LastNotifiedAt = alert.LastNotifiedAt,
        Notifications = alert.Notifications, ResolvedAt = alert.ResolvedAt, AcknowledgedBy = alert.AcknowledgedBy, AcknowledgedAt = alert.AcknowledgedAt,
    };
}
