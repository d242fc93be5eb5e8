namespace Dashboard.Web.Alerts;

/// <summary>One firing of a rule (per grouping value), from <c>GET /api/v1/alerts</c>.</summary>
public sealed record Incident
{
    public Guid Id { get; init; }
    public Guid RuleId { get; init; }
    public string RuleName { get; init; } = "";
    public string? Group { get; init; }
    /// <summary><c>firing</c> or <c>resolved</c>.</summary>
    public string State { get; init; } = "";
    public string Severity { get; init; } = "";
    public string Message { get; init; } = "";
    public double Value { get; init; }
    public double Threshold { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? LastNotifiedAt { get; init; }
    public int Notifications { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public string? AcknowledgedBy { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
}
