namespace Dashboard.Web.Alerts;

/// <summary>
/// A notification channel as the gateway returns it (<c>GET /api/v1/notification-channels</c>). The secret (webhook signing key,
/// Slack or Discord URL, SMTP password) is never returned: only whether one is set.
/// </summary>
public sealed record NotificationChannel
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    /// <summary><c>webhook</c>, <c>slack</c>, <c>discord</c> or <c>email</c>.</summary>
    public string Kind { get; init; } = "";
    public bool Enabled { get; init; }
    /// <summary>Webhooks only (for Slack and Discord the URL is the secret).</summary>
    public string? Url { get; init; }
    public ChannelEmailSettings? Email { get; init; }
    /// <summary>Which system alerts are routed here: a comma list, <c>*</c>, or null for none.</summary>
    public string? SystemAlerts { get; init; }
    public bool SecretSet { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
