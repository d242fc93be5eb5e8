using System.Text.Json.Serialization;

namespace LogPlatform.Alerting.Rules;

/// <summary>
/// A rule as a client sends it (<c>POST</c>/<c>PUT /api/v1/alert-rules</c>, the editor's preview): every field optional
/// here, so that <see cref="AlertRule.TryCreate"/> can name each missing or wrong one. Absent fields take the defaults below.
/// </summary>
public sealed record AlertRuleDraft
{
    public const int DefaultWindowSeconds = 300;
    public const int DefaultRepeatIntervalSeconds = 3600;
    public const int DefaultSettleSeconds = 60;

    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("enabled")] public bool? Enabled { get; init; }
    /// <summary>A query string in the filter language of the logs API and the streams (<c>application=shop&amp;min_level=error</c>); empty: every log.</summary>
    [JsonPropertyName("filter")] public string? Filter { get; init; }
    [JsonPropertyName("condition")] public string? Condition { get; init; }
    [JsonPropertyName("threshold")] public double? Threshold { get; init; }
    [JsonPropertyName("window_seconds")] public int? WindowSeconds { get; init; }
    [JsonPropertyName("anomaly_kind")] public string? AnomalyKind { get; init; }
    [JsonPropertyName("severity")] public string? Severity { get; init; }
    [JsonPropertyName("channel_ids")] public IReadOnlyList<Guid>? ChannelIds { get; init; }
    [JsonPropertyName("repeat_interval_seconds")] public int? RepeatIntervalSeconds { get; init; }
    [JsonPropertyName("settle_seconds")] public int? SettleSeconds { get; init; }
    [JsonPropertyName("group_by")] public string? GroupBy { get; init; }
}
