namespace Dashboard.Web.Alerts;

/// <summary>A saved rule as the gateway returns it (<c>GET /api/v1/alert-rules</c>), with its current <see cref="State"/>.</summary>
public sealed record AlertRule
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public bool Enabled { get; init; }
    public string Filter { get; init; } = "";
    public string Condition { get; init; } = "";
    public double Threshold { get; init; }
    public int WindowSeconds { get; init; }
    public string? AnomalyKind { get; init; }
    public string Severity { get; init; } = "";
    public IReadOnlyList<Guid> ChannelIds { get; init; } = [];
    public int RepeatIntervalSeconds { get; init; }
    public int SettleSeconds { get; init; }
    public string? GroupBy { get; init; }
    public int Version { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary><c>ok</c>, <c>firing</c> or <c>silenced</c>.</summary>
    public string State { get; init; } = "ok";

    /// <summary>The rule as a PUT sends it back (what the editor starts from).</summary>
    public AlertRuleDraft ToDraft() => new()
    {
        Name = Name, Description = Description, Enabled = Enabled, Filter = Filter, Condition = Condition, Threshold = Threshold,
        WindowSeconds = WindowSeconds, AnomalyKind = AnomalyKind, Severity = Severity, ChannelIds = ChannelIds,
        RepeatIntervalSeconds = RepeatIntervalSeconds, SettleSeconds = SettleSeconds, GroupBy = GroupBy,
    };
}
