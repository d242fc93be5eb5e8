namespace Dashboard.Web.Alerts;

/// <summary>An email channel's SMTP settings (the password goes in the channel's write-only secret).</summary>
public sealed record ChannelEmailSettings(IReadOnlyList<string> To, string From, string Host, int Port = 25, string? Username = null);
