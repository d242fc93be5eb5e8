namespace LogPlatform.Notifications.Channels;

/// <summary>
/// A channel as the sender needs it. <see cref="Url"/> is where to post; <see cref="Secret"/> the webhook's signing key
/// (for Slack and Discord the URL itself is the secret; for email the SMTP password). Email channels have no URL but
/// <see cref="Email"/>.
/// </summary>
public sealed record NotificationChannel(Guid Id, string Name, string Kind, Uri? Url, string? Secret, bool Enabled, EmailSettings? Email = null);

/// <summary>An email channel's settings (the <c>settings</c> JSON of <c>notification_channels</c>).</summary>
public sealed record EmailSettings(IReadOnlyList<string> To, string From, string Host, int Port = 25, string? Username = null);

/// <summary>The kinds of <see cref="NotificationChannel"/> (the <c>kind</c> column of <c>notification_channels</c>).</summary>
public static class ChannelKinds
{
    public const string Webhook = "webhook";
    public const string Slack = "slack";
    public const string Discord = "discord";
    public const string Email = "email";
}
