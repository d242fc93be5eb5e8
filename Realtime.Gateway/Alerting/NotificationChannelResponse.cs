using System.Text.Json.Serialization;
using LogPlatform.Notifications.Channels;

namespace Realtime.Gateway.Alerting;

/// <summary>A channel as the API shows it: its secret (signing key, Slack or Discord URL, SMTP password) only as <see cref="SecretSet"/>.</summary>
public sealed record NotificationChannelResponse
{
    [JsonPropertyName("id")] public required Guid Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("enabled")] public bool Enabled { get; init; }
    /// <summary>A webhook's URL (Slack's and Discord's are secrets).</summary>
    [JsonPropertyName("url"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Url { get; init; }
    [JsonPropertyName("email"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public EmailSettings? Email { get; init; }
    [JsonPropertyName("system_alerts")] public string? SystemAlerts { get; init; }
    [JsonPropertyName("secret_set")] public bool SecretSet { get; init; }
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("updated_at")] public DateTimeOffset UpdatedAt { get; init; }
}
