namespace LogPlatform.Notifications.Channels;

/// <summary>
/// A channel as the sender needs it. <see cref="Url"/> is where to post; <see cref="Secret"/> the webhook's signing key
/// (for Slack and Discord the URL itself is the secret).
/// </summary>
public sealed record NotificationChannel(Guid Id, string Name, string Kind, Uri Url, string? Secret, bool Enabled);

/// <summary>The kinds of <see cref="NotificationChannel"/> (the <c>kind</c> column of <c>notification_channels</c>).</summary>
public static class ChannelKinds
{
    public const string Webhook = "webhook";
    public const string Slack = "slack";
    public const string Discord = "discord";
}
