namespace Dashboard.Web.Alerts;

/// <summary><c>POST /api/v1/alerts/{id}/acknowledge</c>: who took the incident on.</summary>
public sealed record AcknowledgeRequest(string By);
