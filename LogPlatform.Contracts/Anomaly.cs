using System.Text.Json.Serialization;

namespace LogPlatform.Contracts;

/// <summary>
/// Something unusual the analysis service found, explained: published on <see cref="RedisNames.LiveAnomaliesChannel"/>,
/// stored in PostgreSQL, and relayed by the gateway as a <c>new_anomaly</c> envelope.
/// </summary>
public sealed record Anomaly
{
    /// <summary>Stable id (a UUID as text), so a stored anomaly and its live message are the same thing.</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }
    /// <summary>What kind of detector found it: one of <see cref="AnomalyKinds"/>.</summary>
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    /// <summary>Between 0 (ordinary) and 1 (certainly unusual).</summary>
    [JsonPropertyName("score")] public double Score { get; init; }
    /// <summary><c>info</c>, <c>warning</c> or <c>critical</c>.</summary>
    [JsonPropertyName("severity")] public required string Severity { get; init; }
    [JsonPropertyName("application")] public string Application { get; init; } = "";
    [JsonPropertyName("source")] public string? Source { get; init; }
    [JsonPropertyName("pattern_id")] public string? PatternId { get; init; }
    [JsonPropertyName("pattern")] public string? Pattern { get; init; }
    /// <summary>What was seen in the window (for example 42 errors per minute).</summary>
    [JsonPropertyName("observed")] public double Observed { get; init; }
    /// <summary>What the baseline led us to expect in the same window.</summary>
    [JsonPropertyName("expected")] public double Expected { get; init; }
    /// <summary>Human-readable causes, most important first.</summary>
    [JsonPropertyName("reasons")] public IReadOnlyList<string> Reasons { get; init; } = [];
    /// <summary>What to look at next, where a rule can say it.</summary>
    [JsonPropertyName("suggestions")] public IReadOnlyList<string> Suggestions { get; init; } = [];
    [JsonPropertyName("window_start")] public DateTimeOffset WindowStart { get; init; }
    [JsonPropertyName("window_end")] public DateTimeOffset WindowEnd { get; init; }
    /// <summary>A few stored logs that belong to it; the first is the one that triggered it.</summary>
    [JsonPropertyName("example_log_ids")] public IReadOnlyList<long> ExampleLogIds { get; init; } = [];
    [JsonPropertyName("detected_at")] public DateTimeOffset DetectedAt { get; init; }
}

/// <summary>The detectors' names, as they appear in <see cref="Anomaly.Kind"/>, the API and alert rules.</summary>
public static class AnomalyKinds
{
    public const string NewPattern = "new_pattern";
    public const string RateChange = "rate_change";
    public const string ErrorBurst = "error_burst";
    public const string Silence = "silence";
    public const string Sequence = "sequence";
}
