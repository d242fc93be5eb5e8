using System.Text.Json.Serialization;

namespace Realtime.Gateway.Alerting;

/// <summary><c>POST /api/v1/alerts/{id}/acknowledge</c>: who takes the incident on.</summary>
public sealed record AcknowledgeBody([property: JsonPropertyName("by")] string? By);
