namespace Dashboard.Web.Alerts;

/// <summary><c>POST /api/v1/alert-silences</c>: <see cref="Until"/> must be in the future and <see cref="Reason"/> is required.</summary>
public sealed record SilenceDraft(Guid RuleId, string? Group, DateTimeOffset Until, string Reason, string? CreatedBy);
