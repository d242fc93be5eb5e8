using System.Text.Json.Serialization;

namespace Realtime.Gateway.Api;

/// <summary>The answer of <c>GET /api/v1/patterns</c>: the window the counts cover, and the patterns.</summary>
public sealed record PatternListResponse(
    [property: JsonPropertyName("from")] DateTimeOffset From,
    [property: JsonPropertyName("to")] DateTimeOffset To,
    [property: JsonPropertyName("items")] IReadOnlyList<PatternResponse> Items);
