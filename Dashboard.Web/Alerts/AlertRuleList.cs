namespace Dashboard.Web.Alerts;

/// <summary><c>GET /api/v1/alert-rules</c>.</summary>
public sealed record AlertRuleList(IReadOnlyList<AlertRule> Rules);
