using System.Text.Json;
using System.Text.Json.Serialization;

namespace Realtime.Gateway.Streaming;

/// <summary>A message from a client: <c>{"type":"ping"}</c> or <c>{"type":"set_filter","filter":{"min_level":"warn",...}}</c>.</summary>
public sealed record ClientMessage(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("filter")] Dictionary<string, JsonElement>? Filter);

[JsonSerializable(typeof(ClientMessage))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
