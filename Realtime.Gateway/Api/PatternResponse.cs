using System.Text.Json.Serialization;

namespace Realtime.Gateway.Api;

/// <summary>A pattern as <c>GET /api/v1/patterns</c> shows it, with its logs in the window asked for.</summary>
/// <param name="Minutes">Logs per minute from <c>minutes_from</c>, oldest first: a sparkline.</param>
/// <param name="WindowLevels">Logs in the window by level name.</param>
public sealed record PatternResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("application")] string Application,
    [property: JsonPropertyName("template")] string Template,
    [property: JsonPropertyName("first_seen")] DateTimeOffset FirstSeen,
    [property: JsonPropertyName("last_seen")] DateTimeOffset LastSeen,
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("window_count")] long WindowCount,
    [property: JsonPropertyName("window_levels")] IReadOnlyDictionary<string, long> WindowLevels,
    [property: JsonPropertyName("minutes_from")] DateTimeOffset MinutesFrom,
    [property: JsonPropertyName("minutes")] IReadOnlyList<long> Minutes,
    [property: JsonPropertyName("example_log_ids")] IReadOnlyList<long> ExampleLogIds,
    [property: JsonPropertyName("sources")] IReadOnlyList<string> Sources);
