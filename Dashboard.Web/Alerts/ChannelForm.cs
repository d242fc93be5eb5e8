namespace Dashboard.Web.Alerts;

/// <summary>What the channel form's inputs bind to. The secret starts empty: left empty on an edit, the stored one is kept.</summary>
public sealed class ChannelForm
{
    public Guid? Id { get; private init; }
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "webhook";
    public bool Enabled { get; set; } = true;
    public string Url { get; set; } = "";
    public string Secret { get; set; } = "";
    public bool SecretSet { get; private init; }
    public string SystemAlerts { get; set; } = "";
    /// <summary>Comma-separated addresses.</summary>
    public string EmailTo { get; set; } = "";
    public string EmailFrom { get; set; } = "";
    public string EmailHost { get; set; } = "";
    public int EmailPort { get; set; } = 25;
    public string EmailUsername { get; set; } = "";

    public bool IsNew => Id is null;

    /// <summary>Slack and Discord take their webhook URL as the secret; a webhook's secret is its signing key.</summary>
    public string SecretLabel => Kind switch
    {
        "slack" or "discord" => "Webhook URL (secret)",
        "email" => "SMTP password",
        _ => "Signing key",
    };

    public static ChannelForm From(NotificationChannel channel) => new()
    {
        Id = channel.Id, Name = channel.Name, Kind = channel.Kind, Enabled = channel.Enabled, Url = channel.Url ?? "", SecretSet = channel.SecretSet,
        SystemAlerts = channel.SystemAlerts ?? "", EmailTo = string.Join(", ", channel.Email?.To ?? []), EmailFrom = channel.Email?.From ?? "",
        EmailHost = channel.Email?.Host ?? "", EmailPort = channel.Email?.Port ?? 25, EmailUsername = channel.Email?.Username ?? "",
    };

    public ChannelDraft ToDraft() => new()
    {
        Name = Name.Trim(),
        Kind = Kind,
        Enabled = Enabled,
        Url = Kind == "webhook" && Url.Trim().Length > 0 ? Url.Trim() : null,
        Email = Kind == "email"
            ? new ChannelEmailSettings([.. EmailTo.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                EmailFrom.Trim(), EmailHost.Trim(), EmailPort, EmailUsername.Trim() is { Length: > 0 } user ? user : null)
            : null,
        SystemAlerts = SystemAlerts.Trim() is { Length: > 0 } routed ? routed : null,
        // Write-only: sent only when typed, so an edit that leaves it blank keeps the stored secret.
        Secret = Secret.Length > 0 ? Secret : null,
    };
}
