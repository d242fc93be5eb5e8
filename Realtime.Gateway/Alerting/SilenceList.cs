using System.Text.Json.Serialization;

namespace Realtime.Gateway.Alerting;

/// <summary><c>GET /api/v1/alert-silences</c>, newest first.</summary>
public sealed record SilenceList([property: JsonPropertyName("silences")] IReadOnlyList<SilenceResponse> Silences);
