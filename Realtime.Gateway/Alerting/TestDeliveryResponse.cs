using System.Text.Json.Serialization;

namespace Realtime.Gateway.Alerting;

/// <summary><c>POST /api/v1/notification-channels/{id}/test</c>: the queued delivery's id (its <c>Idempotency-Key</c>).</summary>
public sealed record TestDeliveryResponse([property: JsonPropertyName("delivery_id")] string DeliveryId);
