using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LogPlatform.Contracts;
using Realtime.Gateway.Tests.Servers;

namespace Realtime.Gateway.Tests.Alerting;

/// <summary>
/// <c>POST /api/v1/alert-rules/test</c> over logs stored in the real PostgreSQL with timestamps in the past day: the replay
/// finds the bursts a rule would have fired on, per group, and an invalid rule gets a 400 naming the field.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class AlertRuleBacktestTests(GatewayFixture servers)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task A_burst_three_hours_ago_would_have_fired_once_for_its_application_only()
    {
        var shop = TestLogs.NewApplication("backtest");
        var billing = TestLogs.NewApplication("backtest");
        var logs = new List<LogEvent>();
        // Steady: one error every 10 minutes for 6 hours, in both applications.
        for (var minutes = 360; minutes > 0; minutes -= 10)
        {
            logs.Add(TestLogs.Log(shop, "payment declined", LogSeverity.Error, timestamp: Now.AddMinutes(-minutes)));
            logs.Add(TestLogs.Log(billing, "invoice late", LogSeverity.Error, timestamp: Now.AddMinutes(-minutes)));
        }
        // A burst of 40 errors within two minutes, three hours ago, in shop only.
        for (var i = 0; i < 40; i++) logs.Add(TestLogs.Log(shop, "payment declined", LogSeverity.Error, timestamp: Now.AddHours(-3).AddSeconds(i * 3)));
        await servers.StoreAsync([.. logs]);

        using var http = GatewayFixture.CreateClient(servers.Gateway);
        var response = await http.PostAsJsonAsync("/api/v1/alert-rules/test", new
        {
            name = "payment errors", filter = $"min_level=error&application={shop}", condition = "count_above", threshold = 20,
            window_seconds = 300, group_by = "application",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(1, result.RootElement.GetProperty("fired").GetInt32());
        var firing = Assert.Single(result.RootElement.GetProperty("firings").EnumerateArray());
        Assert.Equal(shop, firing.GetProperty("group").GetString());
        var started = firing.GetProperty("started_at").GetDateTimeOffset();
        Assert.InRange(started, Now.AddHours(-3), Now.AddHours(-3).AddMinutes(3));
        Assert.NotEqual(JsonValueKind.Null, firing.GetProperty("resolved_at").ValueKind);
        Assert.False(result.RootElement.GetProperty("firing_now").GetBoolean());

        // The same rule over both applications, grouped: still only shop fired.
        var both = await http.PostAsJsonAsync("/api/v1/alert-rules/test", new
        {
            name = "errors", filter = "min_level=error", condition = "count_above", threshold = 20, window_seconds = 300, group_by = "application",
        });
        using var bothResult = JsonDocument.Parse(await both.Content.ReadAsStringAsync());
        Assert.DoesNotContain(bothResult.RootElement.GetProperty("firings").EnumerateArray(), f => f.GetProperty("group").GetString() == billing);
        Assert.Contains(bothResult.RootElement.GetProperty("firings").EnumerateArray(), f => f.GetProperty("group").GetString() == shop);
    }

    [Fact]
    public async Task An_invalid_rule_is_a_400_naming_the_field()
    {
        using var http = GatewayFixture.CreateClient(servers.Gateway);
        var response = await http.PostAsJsonAsync("/api/v1/alert-rules/test", new { name = "r", condition = "error_ratio_above", threshold = 3 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Invalid alert rule", problem.RootElement.GetProperty("title").GetString());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("threshold", out _));
    }

    [Fact]
    public async Task The_test_needs_the_stream_token()
    {
        using var http = GatewayFixture.CreateClient(servers.Gateway, token: null);
        var response = await http.PostAsJsonAsync("/api/v1/alert-rules/test", new { name = "r", condition = "count_above", threshold = 1 });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
