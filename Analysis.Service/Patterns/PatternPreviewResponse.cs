using System.Text.Json.Serialization;

namespace Analysis.Service.Patterns;

/// <summary>What <c>POST /api/v1/patterns/preview</c> answers: each line's pattern, then the patterns.</summary>
public sealed record PatternPreviewResponse(
    [property: JsonPropertyName("lines")] IReadOnlyList<PreviewLine> Lines,
    [property: JsonPropertyName("patterns")] IReadOnlyList<PreviewPattern> Patterns);
