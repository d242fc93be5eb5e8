namespace Dashboard.Web.Alerts;

/// <summary><c>GET /api/v1/notification-channels</c>.</summary>
public sealed record ChannelList(IReadOnlyList<NotificationChannel> Channels);
