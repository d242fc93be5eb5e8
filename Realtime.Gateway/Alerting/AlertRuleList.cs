using System.Text.Json.Serialization;

namespace Realtime.Gateway.Alerting;

/// <summary><c>GET /api/v1/alert-rules</c>, by name.</summary>
public sealed record AlertRuleList([property: JsonPropertyName("rules")] IReadOnlyList<AlertRuleResponse> Rules);
