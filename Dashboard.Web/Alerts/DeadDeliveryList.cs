using LogPlatform.Contracts;

namespace Dashboard.Web.Alerts;

/// <summary><c>GET /api/v1/notifications/dead</c>: notifications that gave up after their retries, newest first.</summary>
public sealed record DeadDeliveryList(IReadOnlyList<NotificationDelivery> Deliveries);
