using System.Text.Json;

namespace Realtime.Gateway.Streaming;

/// <summary>One alert from Redis: as published, whether it is about the platform itself, and its fields for formats that reshape it.</summary>
public sealed record LiveAlert(byte[] Json, bool IsSystem, JsonElement Fields)
{
    public string? Text(string name) => Fields.ValueKind == JsonValueKind.Object && Fields.TryGetProperty(name, out var value)
        ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString()
        : null;
}
