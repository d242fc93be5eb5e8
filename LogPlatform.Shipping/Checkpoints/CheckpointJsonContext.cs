using System.Text.Json.Serialization;

namespace LogPlatform.Shipping.Checkpoints;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CheckpointState))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
