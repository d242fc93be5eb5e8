using System.Text.Json.Serialization;
using LogPlatform.Storage.Alerting;

namespace Realtime.Gateway.Alerting;

/// <summary>A silence as the API shows it: a rule (or one grouping value of it, <see cref="Group"/>) muted until a time.</summary>
public sealed record SilenceResponse
{
    [JsonPropertyName("id")] public required Guid Id { get; init; }
    [JsonPropertyName("rule_id")] public required Guid RuleId { get; init; }
    [JsonPropertyName("group")] public string? Group { get; init; }
    [JsonPropertyName("until")] public DateTimeOffset Until { get; init; }
    [JsonPropertyName("reason")] public required string Reason { get; init; }
    [JsonPropertyName("created_by")] public required string CreatedBy { get; init; }
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }

    public static SilenceResponse From(SilenceRow silence) => new()
    {
        Id = silence.Id, RuleId = silence.RuleId, Group = silence.Group, Until = silence.Until, Reason = silence.Reason,
        CreatedBy = silence.CreatedBy, CreatedAt = silence.CreatedAt,
    };
}
