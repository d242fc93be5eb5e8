using System.Text.Json.Serialization;

namespace Analysis.Service.Patterns;

/// <summary>A line's pattern id and the template that pattern ended with after all the lines.</summary>
public sealed record PreviewLine(
    [property: JsonPropertyName("pattern_id")] string PatternId,
    [property: JsonPropertyName("template")] string Template);
