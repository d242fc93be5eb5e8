namespace Migrator.Service.Model;

/// <summary>
/// A row of <c>alerts</c>: one incident of a rule (per grouping value), from firing to resolved. At most one incident of a rule
/// and group is firing at a time (a partial unique index), which is what makes "once per incident" hold across restarts.
/// </summary>
public sealed class StoredAlert
{
    public Guid Id { get; set; }
    public Guid RuleId { get; set; }
    public string RuleName { get; set; } = "";
    /// <summary>The grouping value ("" when the rule has no grouping).</summary>
    public string GroupKey { get; set; } = "";
    /// <summary><c>firing</c> or <c>resolved</c>.</summary>
    public string State { get; set; } = "";
    public string Severity { get; set; } = "";
    public string Message { get; set; } = "";
    /// <summary>The figure that tripped it (count, ratio or score) and, last, the latest evaluated figure.</summary>
    public double Value { get; set; }
    public double Threshold { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? LastNotifiedAt { get; set; }
    public int Notifications { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
}
