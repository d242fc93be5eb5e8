using System.Text.Json.Serialization;

namespace Analysis.Service.Patterns;

/// <summary>A pattern of the preview, with how many of the lines it grouped.</summary>
public sealed record PreviewPattern(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("template")] string Template,
    [property: JsonPropertyName("count")] long Count);
