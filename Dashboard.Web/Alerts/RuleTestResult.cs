namespace Dashboard.Web.Alerts;

/// <summary><c>POST /api/v1/alert-rules/test</c>: how often the rule would have fired over the last 24 hours.</summary>
public sealed record RuleTestResult
{
    /// <summary>Incidents that would have fired (repeats not counted).</summary>
    public int Fired { get; init; }
    public DateTimeOffset WindowStart { get; init; }
    public DateTimeOffset WindowEnd { get; init; }
    public IReadOnlyList<RuleTestFiring> Firings { get; init; } = [];
    public bool FiringNow { get; init; }
    public int Evaluations { get; init; }
}

public sealed record RuleTestFiring(string Group, DateTimeOffset StartedAt, DateTimeOffset? ResolvedAt, double Value, string? Message);
