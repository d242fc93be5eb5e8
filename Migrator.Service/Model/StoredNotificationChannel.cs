namespace Migrator.Service.Model;

/// <summary>
/// A row of <c>notification_channels</c>: where notifications go. <see cref="Settings"/> holds what may be shown (JSON:
/// an email's recipients and SMTP host, a webhook's URL); <see cref="Secret"/> what must never leave the server (a webhook's
/// signing key, a Slack or Discord webhook URL, an SMTP password).
/// </summary>
public sealed class StoredNotificationChannel
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary><c>webhook</c>, <c>slack</c>, <c>discord</c> or <c>email</c>.</summary>
    public string Kind { get; set; } = "";
    /// <summary>JSON object (jsonb) of the kind's non-secret settings.</summary>
    public string Settings { get; set; } = "{}";
    public string? Secret { get; set; }
    /// <summary>Minimum severity of the platform's own system alerts routed here (<c>warning</c>, <c>critical</c>); null: none.</summary>
    public string? SystemAlerts { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
