using System.Text.Json.Serialization;

namespace LogPlatform.Alerting.Evaluation;

/// <summary>How often a rule would have fired over a past period (<c>POST /api/v1/alert-rules/test</c>).</summary>
public sealed record BacktestResult
{
    public const int MaxFirings = 100;

    /// <summary>Incidents that would have fired (repeats not counted).</summary>
    [JsonPropertyName("fired")] public int Fired { get; init; }
    [JsonPropertyName("window_start")] public DateTimeOffset WindowStart { get; init; }
    [JsonPropertyName("window_end")] public DateTimeOffset WindowEnd { get; init; }
    /// <summary>The first <see cref="MaxFirings"/> incidents.</summary>
    [JsonPropertyName("firings")] public IReadOnlyList<BacktestFiring> Firings { get; init; } = [];
    /// <summary>Whether the rule would be firing at the end of the period.</summary>
    [JsonPropertyName("firing_now")] public bool FiringNow { get; init; }
    /// <summary>How many evaluations the replay made (one per bucket of the rule's window).</summary>
    [JsonPropertyName("evaluations")] public int Evaluations { get; init; }
}

public sealed record BacktestFiring(
    [property: JsonPropertyName("group")] string Group,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("resolved_at")] DateTimeOffset? ResolvedAt,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("message")] string Message);
