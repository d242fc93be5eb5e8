namespace Dashboard.Web.Alerts;

/// <summary><c>GET /api/v1/alerts</c> (newest first).</summary>
public sealed record IncidentList(IReadOnlyList<Incident> Alerts);
