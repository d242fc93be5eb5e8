using System.Text.Json.Serialization;

namespace Realtime.Gateway.Compatibility;

[JsonSerializable(typeof(Dictionary<string, long>))]
internal sealed partial class CompatibilityJsonContext : JsonSerializerContext;
