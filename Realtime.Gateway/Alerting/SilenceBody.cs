using System.Text.Json.Serialization;

namespace Realtime.Gateway.Alerting;

/// <summary><c>POST /api/v1/alert-silences</c>: every field optional here so that the check can name each one.</summary>
public sealed record SilenceBody
{
    [JsonPropertyName("rule_id")] public Guid? RuleId { get; init; }
    /// <summary>One grouping value of the rule; null silences all of them.</summary>
    [JsonPropertyName("group")] public string? Group { get; init; }
    [JsonPropertyName("until")] public DateTimeOffset? Until { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    [JsonPropertyName("created_by")] public string? CreatedBy { get; init; }
}
