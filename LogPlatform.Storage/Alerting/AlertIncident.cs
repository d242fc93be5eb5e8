namespace LogPlatform.Storage.Alerting;

/// <summary>A row of <c>alerts</c>: one incident of a rule (per grouping value), from firing to resolved.</summary>
public sealed record AlertIncident
{
    public required Guid Id { get; init; }
    public required Guid RuleId { get; init; }
    public required string RuleName { get; init; }
    /// <summary>The grouping value; empty when the rule has no grouping.</summary>
    public string Group { get; init; } = "";
    /// <summary><c>firing</c> or <c>resolved</c>.</summary>
    public required string State { get; init; }
    public required string Severity { get; init; }
    public required string Message { get; init; }
    public double Value { get; init; }
    public double Threshold { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? LastNotifiedAt { get; init; }
    public int Notifications { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public string? AcknowledgedBy { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
}
