using System.Text.Json.Serialization;

namespace Dashboard.Web.Analysis;

/// <summary>A mined pattern as the dashboard lists it (the fields of the gateway's <c>GET /api/v1/patterns</c> it shows).</summary>
/// <param name="Minutes">Logs per minute in the window asked for, oldest first: the sparkline.</param>
public sealed record PatternSummary(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("application")] string Application,
    [property: JsonPropertyName("template")] string Template,
    [property: JsonPropertyName("first_seen")] DateTimeOffset FirstSeen,
    [property: JsonPropertyName("last_seen")] DateTimeOffset LastSeen,
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("window_count")] long WindowCount,
    [property: JsonPropertyName("minutes")] IReadOnlyList<long> Minutes);

/// <summary>How the patterns list is ordered: most logs first, or newest first-seen first.</summary>
public enum PatternOrder
{
    Count,
    Recent,
}
