using System.Text.Json.Serialization;

namespace Realtime.Gateway.Alerting;

/// <summary><c>GET /api/v1/notification-channels</c>, by name.</summary>
public sealed record NotificationChannelList([property: JsonPropertyName("channels")] IReadOnlyList<NotificationChannelResponse> Channels);
