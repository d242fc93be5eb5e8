using System.Text.Json;
using System.Text.Json.Serialization;
using LogPlatform.Contracts;

namespace Realtime.Gateway.Api;

/// <summary>A page of <c>GET /api/v1/logs</c>.</summary>
public sealed record LogPageResponse(
    [property: JsonPropertyName("items")] IReadOnlyList<LogEvent> Items,
    [property: JsonPropertyName("next_cursor")] string? NextCursor,
    [property: JsonPropertyName("total")] long? Total);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LogPageResponse))]
[JsonSerializable(typeof(PatternListResponse))]
[JsonSerializable(typeof(PatternResponse))]
[JsonSerializable(typeof(AnomalyPageResponse))]
internal sealed partial class GatewayApiJsonContext : JsonSerializerContext;
