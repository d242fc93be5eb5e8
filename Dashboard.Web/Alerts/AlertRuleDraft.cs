namespace Dashboard.Web.Alerts;

/// <summary>
/// A rule as the editor sends it (<c>POST</c>/<c>PUT /api/v1/alert-rules</c>, and unsaved to <c>POST /api/v1/alert-rules/test</c>
/// for the live preview). The gateway validates every field and names the wrong ones.
/// </summary>
public sealed record AlertRuleDraft
{
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public bool Enabled { get; init; } = true;
    /// <summary>A query string in the logs API's filter language (<c>application=shop&amp;min_level=error</c>); empty: every log.</summary>
    public string Filter { get; init; } = "";
    /// <summary>One of <see cref="AlertRuleVocabulary.Conditions"/>.</summary>
    public string Condition { get; init; } = AlertRuleVocabulary.CountAbove;
    public double? Threshold { get; init; }
    public int? WindowSeconds { get; init; }
    /// <summary>For <c>anomaly</c> only; null: any kind.</summary>
    public string? AnomalyKind { get; init; }
    public string Severity { get; init; } = "warning";
    public IReadOnlyList<Guid> ChannelIds { get; init; } = [];
    /// <summary>0: never repeat; else at least 60.</summary>
    public int? RepeatIntervalSeconds { get; init; }
    public int? SettleSeconds { get; init; }
    /// <summary>Null, <c>application</c>, <c>source</c>, <c>level</c> or <c>properties.NAME</c>.</summary>
    public string? GroupBy { get; init; }
}
