using System.Text.Json;
using System.Text.Json.Serialization;

namespace Analysis.Service.Patterns;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PatternPreviewRequest))]
[JsonSerializable(typeof(PatternPreviewResponse))]
public sealed partial class PatternsJsonContext : JsonSerializerContext;
