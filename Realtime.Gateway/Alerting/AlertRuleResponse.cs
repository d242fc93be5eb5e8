using System.Text.Json.Serialization;
using LogPlatform.Storage.Alerting;

namespace Realtime.Gateway.Alerting;

/// <summary>A rule as the API shows it: the draft's fields (so a client can <c>PUT</c> it back), its version, times and state.</summary>
public sealed record AlertRuleResponse
{
    [JsonPropertyName("id")] public required Guid Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("enabled")] public bool Enabled { get; init; }
    [JsonPropertyName("filter")] public required string Filter { get; init; }
    [JsonPropertyName("condition")] public required string Condition { get; init; }
    [JsonPropertyName("threshold")] public double Threshold { get; init; }
    [JsonPropertyName("window_seconds")] public int WindowSeconds { get; init; }
    [JsonPropertyName("anomaly_kind")] public string? AnomalyKind { get; init; }
    [JsonPropertyName("severity")] public required string Severity { get; init; }
    [JsonPropertyName("channel_ids")] public required IReadOnlyList<Guid> ChannelIds { get; init; }
    [JsonPropertyName("repeat_interval_seconds")] public int RepeatIntervalSeconds { get; init; }
    [JsonPropertyName("settle_seconds")] public int SettleSeconds { get; init; }
    [JsonPropertyName("group_by")] public string? GroupBy { get; init; }
    [JsonPropertyName("version")] public int Version { get; init; }
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("updated_at")] public DateTimeOffset UpdatedAt { get; init; }
    /// <summary><c>ok</c>, <c>firing</c> or <c>silenced</c>.</summary>
    [JsonPropertyName("state")] public required string State { get; init; }

    public static AlertRuleResponse From(AlertRuleRow row)
    {
        var draft = row.Rule.ToDraft();
        return new AlertRuleResponse
        {
            Id = row.Rule.Id, Name = draft.Name!, Description = draft.Description, Enabled = draft.Enabled ?? true, Filter = draft.Filter ?? "",
            Condition = draft.Condition!, Threshold = draft.Threshold ?? 0, WindowSeconds = draft.WindowSeconds ?? 0, AnomalyKind = draft.AnomalyKind,
            Severity = draft.Severity!, ChannelIds = draft.ChannelIds ?? [], RepeatIntervalSeconds = draft.RepeatIntervalSeconds ?? 0,
            SettleSeconds = draft.SettleSeconds ?? 0, GroupBy = draft.GroupBy, Version = row.Rule.Version, CreatedAt = row.CreatedAt,
            UpdatedAt = row.UpdatedAt, State = row.State,
        };
    }
}
