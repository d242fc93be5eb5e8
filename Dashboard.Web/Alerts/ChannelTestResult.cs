namespace Dashboard.Web.Alerts;

/// <summary><c>POST /api/v1/notification-channels/{id}/test</c> (202): the queued test notification's delivery id.</summary>
public sealed record ChannelTestResult(string DeliveryId);
