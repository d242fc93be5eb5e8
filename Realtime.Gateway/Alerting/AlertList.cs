using System.Text.Json.Serialization;

namespace Realtime.Gateway.Alerting;

/// <summary><c>GET /api/v1/alerts</c>, newest first.</summary>
public sealed record AlertList([property: JsonPropertyName("alerts")] IReadOnlyList<AlertResponse> Alerts);
