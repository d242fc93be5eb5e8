using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dashboard.Web.Alerts;
using Dashboard.Web.Analysis;
using Dashboard.Web.Search;
using LogPlatform.Contracts;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Gateway;

/// <summary>The gateway's REST read API, as the dashboard uses it (the token never leaves the server).</summary>
public sealed class GatewayApiClient
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public GatewayApiClient(HttpClient http, IOptions<DashboardOptions> options, TimeProvider time)
    {
        _http = http;
        _time = time;
        _http.BaseAddress ??= new Uri(options.Value.GatewayService);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.GatewayToken);
    }

    public async Task<LogPage> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("/api/v1/logs?" + query.ToQueryString(), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        return ReadPage(document.RootElement);
    }

    public Task<LogEvent?> GetAsync(long id, CancellationToken cancellationToken)
        => GetOrNullAsync($"/api/v1/logs/{id}", ContractsJsonContext.Default.LogEvent, cancellationToken);

    /// <summary>Recent system alerts, newest first, for a session that opens after they were raised.</summary>
    public async Task<IReadOnlyList<AlertEntry>> GetRecentAlertsAsync(CancellationToken cancellationToken)
    {
        var items = await GetItemsAsync("/api/v1/system-alerts", cancellationToken);
        if (items.ValueKind != JsonValueKind.Array) return [];
        return items.EnumerateArray().Select(alert => AlertEntry.From(alert,
            isSystem: alert.ValueKind == JsonValueKind.Object && alert.TryGetProperty("kind", out var kind) && kind.ValueEquals("system"),
            receivedAt: alert.ValueKind == JsonValueKind.Object && alert.TryGetProperty("timestamp", out var at) && at.TryGetDateTimeOffset(out var time)
                ? time : DateTimeOffset.MinValue)).ToList();
    }

    /// <summary>Recent stats points for the chart (the gateway serves Stats.Service's capped history).</summary>
    public async Task<IReadOnlyList<LiveStats>> GetStatsHistoryAsync(CancellationToken cancellationToken)
    {
        var items = await GetItemsAsync("/api/v1/stats/history", cancellationToken);
        return items.ValueKind == JsonValueKind.Array
            ? items.Deserialize(DashboardJsonContext.Default.LiveStatsArray) ?? []
            : [];
    }

    /// <summary>Patterns with logs in the last <paramref name="window"/>, with their per-minute counts, from <c>GET /api/v1/patterns</c>.</summary>
    public async Task<IReadOnlyList<PatternSummary>> GetPatternsAsync(PatternOrder order, string? application, TimeSpan window, int limit, CancellationToken cancellationToken)
    {
        var query = new StringBuilder();
        LiveFilter.Append(query, "sort", order == PatternOrder.Recent ? "recent" : "count");
        LiveFilter.Append(query, "application", application);
        LiveFilter.Append(query, "from", (_time.GetUtcNow() - window).UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        LiveFilter.Append(query, "limit", limit.ToString(CultureInfo.InvariantCulture));
        var items = await GetItemsAsync("/api/v1/patterns?" + query, cancellationToken);
        return items.ValueKind == JsonValueKind.Array
            ? items.Deserialize(DashboardJsonContext.Default.PatternSummaryArray) ?? []
            : [];
    }

    /// <summary>
    /// The mined pattern of one stored log, from <c>GET /api/v1/logs/{id}/pattern</c> (counts over the last hour); null when
    /// it has none yet (a 404: the analysis has not reached the log, or no stored template matches it).
    /// </summary>
    public Task<PatternSummary?> GetLogPatternAsync(long id, CancellationToken cancellationToken)
        => GetOrNullAsync($"/api/v1/logs/{id}/pattern", DashboardJsonContext.Default.PatternSummary, cancellationToken);

    /// <summary>One resource, or null on a 404; any other failure throws.</summary>
    private async Task<T?> GetOrNullAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureSuccessAsync(response, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync(body, type, cancellationToken);
    }

    /// <summary>The newest stored anomalies (newest first), from <c>GET /api/v1/anomalies</c>.</summary>
    public async Task<IReadOnlyList<Anomaly>> GetAnomaliesAsync(string? application, int limit, CancellationToken cancellationToken)
    {
        var query = new StringBuilder();
        LiveFilter.Append(query, "application", application);
        LiveFilter.Append(query, "limit", limit.ToString(CultureInfo.InvariantCulture));
        var items = await GetItemsAsync("/api/v1/anomalies?" + query, cancellationToken);
        return items.ValueKind == JsonValueKind.Array
            ? items.Deserialize(DashboardJsonContext.Default.AnomalyArray) ?? []
            : [];
    }

    /// <summary>Starts an export download; the caller streams the body through to the browser.</summary>
    public Task<HttpResponseMessage> ExportAsync(string query, CancellationToken cancellationToken)
        => _http.GetAsync("/api/v1/logs/export?" + query, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    /// <summary>A page is <c>{"items": [...], "next_cursor": "..."}</c>; a bare array is a last page.</summary>
    internal static LogPage ReadPage(JsonElement root)
    {
        var items = Items(root);
        var logs = items.ValueKind == JsonValueKind.Array ? items.Deserialize(ContractsJsonContext.Default.LogEventArray) ?? [] : [];
        string? next = null;
        if (root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("next_cursor", out var cursor)
            && cursor.ValueKind is JsonValueKind.String or JsonValueKind.Number)
        {
            next = cursor.ToString();
            if (next.Length == 0) next = null;
        }
        return new LogPage(logs, next);
    }

    /// <summary>GETs a JSON list (a bare array or one wrapped in items/logs/data/points), detached from its document.</summary>
    private async Task<JsonElement> GetItemsAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        return Items(document.RootElement).Clone();
    }

    private static JsonElement Items(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array) return root;
        if (root.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in (ReadOnlySpan<string>)["items", "logs", "data", "points"])
            {
                if (root.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array) return items;
            }
        }
        return default;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var detail = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new GatewayRequestException(response.StatusCode, detail.Length > 500 ? detail[..500] : detail);
    }
}

/// <summary>The gateway answered with an error; the page shows the status and the problem details.</summary>
public sealed class GatewayRequestException(HttpStatusCode status, string detail)
    : Exception($"The gateway answered {(int)status} {status}: {detail}")
{
    public HttpStatusCode Status { get; } = status;
}
