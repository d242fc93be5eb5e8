namespace Migrator.Service.Model;

/// <summary>
/// A row of <c>alert_rules</c>: a filter (the streams' and logs API's query string, e.g. <c>level=error&amp;application=api</c>)
/// plus a condition over a window, the channels to notify and how often to repeat. <see cref="Version"/> guards concurrent edits.
/// </summary>
public sealed class StoredAlertRule
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public bool Enabled { get; set; } = true;
    /// <summary>The filter as a query string; empty matches every log.</summary>
    public string Filter { get; set; } = "";
    /// <summary><c>count_above</c>, <c>count_below</c>, <c>error_ratio_above</c>, <c>new_pattern</c> or <c>anomaly</c>.</summary>
    public string Condition { get; set; } = "";
    /// <summary>Count (count_above/below), fraction 0..1 (error_ratio_above) or minimum score 0..1 (anomaly).</summary>
    public double Threshold { get; set; }
    public int WindowSeconds { get; set; }
    /// <summary>For <c>anomaly</c> rules: the anomaly kind (null: any kind).</summary>
    public string? AnomalyKind { get; set; }
    /// <summary><c>info</c>, <c>warning</c> or <c>critical</c>.</summary>
    public string Severity { get; set; } = "";
    public Guid[] ChannelIds { get; set; } = [];
    public int RepeatIntervalSeconds { get; set; }
    /// <summary>How long the condition must stay clear before the alert resolves.</summary>
    public int SettleSeconds { get; set; }
    /// <summary>Grouping key: <c>application</c>, <c>source</c>, <c>level</c> or <c>properties.NAME</c>; null fires once for all.</summary>
    public string? GroupBy { get; set; }
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
