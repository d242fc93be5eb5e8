using System.Text.Json.Serialization;

namespace Ingest.Api.Sources;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SourceList))]
[JsonSerializable(typeof(SourceStatus))]
internal sealed partial class SourcesJsonContext : JsonSerializerContext;
