namespace Dashboard.Web.Alerts;

/// <summary>A silence of a rule (or of one of its groups) until a time, from <c>GET /api/v1/alert-silences</c>.</summary>
public sealed record AlertSilence
{
    public Guid Id { get; init; }
    public Guid RuleId { get; init; }
    /// <summary>Null: every group of the rule.</summary>
    public string? Group { get; init; }
    public DateTimeOffset Until { get; init; }
    public string Reason { get; init; } = "";
    public string? CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
