using System.Text.Json.Serialization;

namespace Realtime.Gateway.Alerting;

/// <summary>An email channel's settings as a client sends them (stored as <c>EmailSettings</c> once checked).</summary>
public sealed record EmailBody
{
    [JsonPropertyName("to")] public IReadOnlyList<string>? To { get; init; }
    [JsonPropertyName("from")] public string? From { get; init; }
    [JsonPropertyName("host")] public string? Host { get; init; }
    [JsonPropertyName("port")] public int? Port { get; init; }
    [JsonPropertyName("username")] public string? Username { get; init; }
}
