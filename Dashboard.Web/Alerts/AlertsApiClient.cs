using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dashboard.Web.Gateway;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Alerts;

/// <summary>
/// The gateway's alerting API (rules, incidents, silences, notification channels), as the Alerts page uses it. Reads go with
/// the stream token like the other REST reads; every change also carries <c>X-Admin-Key</c>. Neither leaves the server.
/// </summary>
public sealed class AlertsApiClient
{
    public const string AdminKeyHeader = "X-Admin-Key";
    private readonly HttpClient _http;
    private readonly string _adminKey;

    public AlertsApiClient(HttpClient http, IOptions<DashboardOptions> options)
    {
        _http = http;
        _adminKey = options.Value.AdminKey;
        _http.BaseAddress ??= new Uri(options.Value.GatewayService);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.GatewayToken);
    }

    /// <summary>Whether changes can be made at all (an admin key is configured).</summary>
    public bool CanChange => _adminKey.Length > 0;

    private static AlertsJsonContext Json => AlertsJsonContext.Default;

    public async Task<IReadOnlyList<AlertRule>> GetRulesAsync(CancellationToken cancellationToken)
        => (await GetAsync("/api/v1/alert-rules", Json.AlertRuleList, cancellationToken))?.Rules ?? [];

    public Task<ChangeResult<AlertRule>> CreateRuleAsync(AlertRuleDraft draft, CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Post, "/api/v1/alert-rules", draft, Json.AlertRuleDraft, Json.AlertRule, cancellationToken);

    public Task<ChangeResult<AlertRule>> UpdateRuleAsync(Guid id, AlertRuleDraft draft, CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Put, $"/api/v1/alert-rules/{id}", draft, Json.AlertRuleDraft, Json.AlertRule, cancellationToken);

    public Task<ChangeResult<bool>> DeleteRuleAsync(Guid id, CancellationToken cancellationToken)
        => DeleteAsync($"/api/v1/alert-rules/{id}", cancellationToken);

    /// <summary>The editor's live preview: the unsaved rule replayed over the last 24 hours (works without an admin key too).</summary>
    public Task<ChangeResult<RuleTestResult>> TestRuleAsync(AlertRuleDraft draft, CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Post, "/api/v1/alert-rules/test", draft, Json.AlertRuleDraft, Json.RuleTestResult, cancellationToken, requireAdmin: false);

    /// <summary>Incidents, newest first; <paramref name="state"/> is <c>firing</c>, <c>resolved</c> or null for both.</summary>
    public async Task<IReadOnlyList<Incident>> GetIncidentsAsync(string? state, int limit, CancellationToken cancellationToken)
    {
        var query = new System.Text.StringBuilder();
        LiveFilter.Append(query, "state", state);
        LiveFilter.Append(query, "limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (await GetAsync("/api/v1/alerts?" + query, Json.IncidentList, cancellationToken))?.Alerts ?? [];
    }

    public Task<ChangeResult<Incident>> AcknowledgeAsync(Guid id, string by, CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Post, $"/api/v1/alerts/{id}/acknowledge", new AcknowledgeRequest(by), Json.AcknowledgeRequest, Json.Incident, cancellationToken);

    public async Task<IReadOnlyList<AlertSilence>> GetSilencesAsync(CancellationToken cancellationToken)
        => (await GetAsync("/api/v1/alert-silences", Json.SilenceList, cancellationToken))?.Silences ?? [];

    public Task<ChangeResult<AlertSilence>> SilenceAsync(SilenceDraft draft, CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Post, "/api/v1/alert-silences", draft, Json.SilenceDraft, Json.AlertSilence, cancellationToken);

    public Task<ChangeResult<bool>> DeleteSilenceAsync(Guid id, CancellationToken cancellationToken)
        => DeleteAsync($"/api/v1/alert-silences/{id}", cancellationToken);

    public async Task<IReadOnlyList<NotificationChannel>> GetChannelsAsync(CancellationToken cancellationToken)
        => (await GetAsync("/api/v1/notification-channels", Json.ChannelList, cancellationToken))?.Channels ?? [];

    public Task<ChangeResult<NotificationChannel>> CreateChannelAsync(ChannelDraft draft, CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Post, "/api/v1/notification-channels", draft, Json.ChannelDraft, Json.NotificationChannel, cancellationToken);

    public Task<ChangeResult<NotificationChannel>> UpdateChannelAsync(Guid id, ChannelDraft draft, CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Put, $"/api/v1/notification-channels/{id}", draft, Json.ChannelDraft, Json.NotificationChannel, cancellationToken);

    public Task<ChangeResult<bool>> DeleteChannelAsync(Guid id, CancellationToken cancellationToken)
        => DeleteAsync($"/api/v1/notification-channels/{id}", cancellationToken);

    /// <summary>Queues a test notification to the channel (it is delivered like any other: retries, then the dead list).</summary>
    public async Task<ChangeResult<ChannelTestResult>> TestChannelAsync(Guid id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/notification-channels/{id}/test");
        return await ExchangeAsync(request, Json.ChannelTestResult, cancellationToken);
    }

    public async Task<IReadOnlyList<LogPlatform.Contracts.NotificationDelivery>> GetDeadDeliveriesAsync(CancellationToken cancellationToken)
        => (await GetAsync("/api/v1/notifications/dead", Json.DeadDeliveryList, cancellationToken))?.Deliveries ?? [];

    private async Task<T?> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new GatewayRequestException(response.StatusCode, detail.Length > 500 ? detail[..500] : detail);
        }
        return await response.Content.ReadFromJsonAsync(type, cancellationToken);
    }

    private async Task<ChangeResult<TResult>> SendAsync<TBody, TResult>(HttpMethod method, string path, TBody body, JsonTypeInfo<TBody> bodyType,
        JsonTypeInfo<TResult> resultType, CancellationToken cancellationToken, bool requireAdmin = true)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, bodyType) };
        return await ExchangeAsync(request, resultType, cancellationToken, requireAdmin);
    }

    private async Task<ChangeResult<bool>> DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, path);
        if (AddAdminKey(request) is { } missing) return new(false, missing);
        using var response = await _http.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode ? new(true, null) : new(false, await ProblemAsync(response, cancellationToken));
    }

    private async Task<ChangeResult<T>> ExchangeAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> resultType, CancellationToken cancellationToken,
        bool requireAdmin = true)
    {
        if (AddAdminKey(request) is { } missing && requireAdmin) return new(default, missing);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode) return new(default, await ProblemAsync(response, cancellationToken));
        return new(await response.Content.ReadFromJsonAsync(resultType, cancellationToken), null);
    }

    private GatewayProblem? AddAdminKey(HttpRequestMessage request)
    {
        if (!CanChange) return new GatewayProblem { Title = "Changes are off: the dashboard has no admin key (Dashboard:AdminKey)." };
        request.Headers.Add(AdminKeyHeader, _adminKey);
        return null;
    }

    /// <summary>Problem details when the gateway sent them (400 names the fields), else the status and the body's start.</summary>
    internal static async Task<GatewayProblem> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType is { } media && media.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                if (JsonSerializer.Deserialize(body, Json.GatewayProblem) is { } problem && (problem.Title is not null || problem.Errors.Count > 0))
                {
                    return response.StatusCode == HttpStatusCode.Unauthorized ? GatewayProblem.FromStatus(response.StatusCode, problem.Detail ?? problem.Title ?? "")
                        : problem with { Status = (int)response.StatusCode };
                }
            }
            catch (JsonException)
            {
            }
        }
        return GatewayProblem.FromStatus(response.StatusCode, body);
    }
}
