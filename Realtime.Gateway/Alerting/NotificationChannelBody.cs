using System.Text.Json.Serialization;

namespace Realtime.Gateway.Alerting;

/// <summary>
/// A channel as a client sends it (<c>POST</c>, <c>PUT</c>): every field optional here so that the check can name each one.
/// <see cref="Secret"/> is write-only; a <c>PUT</c> without it keeps the stored one.
/// </summary>
public sealed record NotificationChannelBody
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("kind")] public string? Kind { get; init; }
    [JsonPropertyName("enabled")] public bool? Enabled { get; init; }
    [JsonPropertyName("url")] public string? Url { get; init; }
    [JsonPropertyName("email")] public EmailBody? Email { get; init; }
    [JsonPropertyName("system_alerts")] public string? SystemAlerts { get; init; }
    [JsonPropertyName("secret")] public string? Secret { get; init; }
}
