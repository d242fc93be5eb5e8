using System.Text.Json.Serialization;
using LogPlatform.Contracts;

namespace Realtime.Gateway.Api;

/// <summary>A page of <c>GET /api/v1/anomalies</c>, newest first; <c>next_cursor</c> asks for the next (older) page.</summary>
public sealed record AnomalyPageResponse(
    [property: JsonPropertyName("items")] IReadOnlyList<Anomaly> Items,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);
