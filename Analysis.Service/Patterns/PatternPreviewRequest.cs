using System.Text.Json.Serialization;

namespace Analysis.Service.Patterns;

/// <summary>The body of <c>POST /api/v1/patterns/preview</c>.</summary>
public sealed record PatternPreviewRequest(
    [property: JsonPropertyName("lines")] IReadOnlyList<string?>? Lines,
    [property: JsonPropertyName("application")] string? Application = null);
