namespace Dashboard.Web.Alerts;

/// <summary><c>GET /api/v1/alert-silences</c> (active ones).</summary>
public sealed record SilenceList(IReadOnlyList<AlertSilence> Silences);
