using System.Net;
using System.Text.Json;
using LogPlatform.Contracts;
using LogPlatform.Storage.Analysis;
using LogPlatform.Testing;
using Realtime.Gateway.Api;
using Realtime.Gateway.Tests.Servers;

namespace Realtime.Gateway.Tests.Api;

/// <summary>
/// The patterns and anomalies APIs over what the analysis service stores (written here with its own store, AnalysisStore),
/// and <c>pattern=</c> on the logs API, which matches logs by template, including logs stored before any pattern.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class PatternsApiTests(GatewayFixture servers)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static long NewId() => Random.Shared.NextInt64();

    [Fact]
    public async Task Patterns_are_listed_by_count_or_recency_with_sparklines_and_filters()
    {
        var application = TestLogs.NewApplication("patterns");
        long frequent = NewId(), recent = NewId(), old = NewId();
        var minute = Now.AddMinutes(-10);
        await servers.Analysis.CommitAsync(
            [
                new(frequent, application, "GET <*> answered <*>", Now.AddMinutes(-50), Now.AddMinutes(-5), 30, [3, 2, 1], ["web-01"]),
                new(recent, application, "payment <*> declined", Now.AddMinutes(-2), Now.AddMinutes(-1), 3, [9], ["web-02"]),
                new(old, application, "started in <*>", Now.AddDays(-2), Now.AddDays(-2), 7, [5], ["web-01"]),
            ],
            [
                new(frequent, PatternQueries.Minute(minute), (short)LogSeverity.Info, 20),
                new(frequent, PatternQueries.Minute(minute.AddMinutes(1)), (short)LogSeverity.Info, 10),
                new(recent, PatternQueries.Minute(Now.AddMinutes(-1)), (short)LogSeverity.Error, 3),
                new(old, PatternQueries.Minute(Now.AddDays(-2)), (short)LogSeverity.Info, 7),
            ]);
        using var http = GatewayFixture.CreateClient(servers.Gateway);

        var byCount = await GetAsync(http, $"/api/v1/patterns?application={application}");
        Assert.Equal([PatternsApi.FormatId(frequent), PatternsApi.FormatId(recent)], Ids(byCount));
        var first = byCount.GetProperty("items")[0];
        Assert.Equal("GET <*> answered <*>", first.GetProperty("template").GetString());
        Assert.Equal(30, first.GetProperty("window_count").GetInt64());
        var sparkline = first.GetProperty("minutes").EnumerateArray().Select(m => m.GetInt64()).ToList();
        Assert.Equal(30, sparkline.Sum());
        Assert.Contains(20, sparkline);
        Assert.Equal(["web-01"], first.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));

        var byRecency = await GetAsync(http, $"/api/v1/patterns?application={application}&sort=recent");
        Assert.Equal([PatternsApi.FormatId(recent), PatternsApi.FormatId(frequent)], Ids(byRecency));
        var errors = await GetAsync(http, $"/api/v1/patterns?application={application}&min_level=error");
        Assert.Equal([PatternsApi.FormatId(recent)], Ids(errors));
        var fresh = await GetAsync(http, $"/api/v1/patterns?application={application}&new_since={Uri.EscapeDataString(Now.AddMinutes(-3).ToString("O"))}");
        Assert.Equal([PatternsApi.FormatId(recent)], Ids(fresh));
        var longAgo = await GetAsync(http,
            $"/api/v1/patterns?application={application}&from={Uri.EscapeDataString(Now.AddDays(-2).AddMinutes(-30).ToString("O"))}&to={Uri.EscapeDataString(Now.AddDays(-2).AddMinutes(30).ToString("O"))}");
        Assert.Equal([PatternsApi.FormatId(old)], Ids(longAgo));

        var one = await GetAsync(http, $"/api/v1/patterns/{PatternsApi.FormatId(frequent)}");
        Assert.Equal(30, one.GetProperty("count").GetInt64());
        Assert.Equal([3L, 2, 1], one.GetProperty("example_log_ids").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/v1/patterns/{PatternsApi.FormatId(NewId())}")).StatusCode);
        await AssertBadRequestAsync(http, "/api/v1/patterns/not-an-id", "id");
        await AssertBadRequestAsync(http, "/api/v1/patterns?sort=size", "sort");
        await AssertBadRequestAsync(http, "/api/v1/patterns?offset=3", "offset");
        Assert.Equal(HttpStatusCode.Unauthorized, (await GatewayFixture.CreateClient(servers.Gateway, token: null).GetAsync("/api/v1/patterns")).StatusCode);
    }

    [Fact]
    public async Task Logs_are_found_by_pattern_template_or_id_even_when_stored_before_the_pattern()
    {
        var application = TestLogs.NewApplication("bypattern");
        var stored = await servers.StoreAsync(
            TestLogs.Log(application, "user alice logged in from 10.0.0.7"),
            TestLogs.Log(application, "user bob logged in from 10.0.3.9 (via sso)"),
            TestLogs.Log(application, "user carol logged out"),
            TestLogs.Log(application, "cache [miss] for key order:17 (a.b)"));
        const string template = "user <*> logged in from <*>";
        var id = NewId();
        await servers.Analysis.CommitAsync([new(id, application, template, Now, Now, 2, [], [])], []);
        using var http = GatewayFixture.CreateClient(servers.Gateway);

        var byTemplate = await GetAsync(http, $"/api/v1/logs?application={application}&pattern={Uri.EscapeDataString(template)}");
        var expected = stored.Take(2).Select(l => l.Id).Reverse().ToList();
        Assert.Equal(expected, byTemplate.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetInt64()));
        // By id: the stored template (and its application).
        var byId = await GetAsync(http, $"/api/v1/logs?pattern={PatternsApi.FormatId(id)}");
        Assert.Equal(expected, byId.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetInt64()));
        // Punctuation of a template is literal text, in SQL as in the live filter.
        const string punctuated = "cache [miss] for key <*> (a.b)";
        var literal = await GetAsync(http, $"/api/v1/logs?application={application}&pattern={Uri.EscapeDataString(punctuated)}");
        Assert.Equal([stored[3].Id], literal.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetInt64()));
        Assert.True(new LogFilter { Pattern = punctuated }.Matches(stored[3]));
        Assert.False(new LogFilter { Pattern = "cache [miss] for key <*> (aXb)" }.Matches(stored[3]));
        Assert.True(new LogFilter { Pattern = template }.Matches(stored[1]));
        Assert.False(new LogFilter { Pattern = template }.Matches(stored[2]));
        await AssertBadRequestAsync(http, $"/api/v1/logs?pattern={PatternsApi.FormatId(NewId())}", "pattern");
    }

    [Fact]
    public async Task Anomalies_are_filtered_and_paged_newest_first()
    {
        var application = TestLogs.NewApplication("anomalies");
        var anomalies = Enumerable.Range(0, 5).Select(i => new Anomaly
        {
            Id = Guid.NewGuid().ToString(),
            Kind = i % 2 == 0 ? AnomalyKinds.ErrorBurst : AnomalyKinds.NewPattern,
            Score = 0.5 + i * 0.1,
            Severity = "warning",
            Application = application,
            Source = "web-01",
            Observed = 40 + i,
            Expected = 2,
            Reasons = [$"reason {i}"],
            WindowStart = Now.AddMinutes(-1),
            WindowEnd = Now,
            ExampleLogIds = [i],
            DetectedAt = Now,
        }).ToList();
        await servers.Analysis.CommitAsync([], [], anomalies);
        using var http = GatewayFixture.CreateClient(servers.Gateway);

        var first = await GetAsync(http, $"/api/v1/anomalies?application={application}&limit=2");
        Assert.Equal([anomalies[4].Id, anomalies[3].Id], AnomalyIds(first));
        var second = await GetAsync(http, $"/api/v1/anomalies?application={application}&limit=2&cursor={first.GetProperty("next_cursor").GetString()}");
        Assert.Equal([anomalies[2].Id, anomalies[1].Id], AnomalyIds(second));
        var bursts = await GetAsync(http, $"/api/v1/anomalies?application={application}&kind=error_burst&min_score=0.65");
        Assert.Equal([anomalies[4].Id, anomalies[2].Id], AnomalyIds(bursts));
        Assert.Equal("reason 4", bursts.GetProperty("items")[0].GetProperty("reasons")[0].GetString());
        await AssertBadRequestAsync(http, "/api/v1/anomalies?kind=weird", "kind");
        await AssertBadRequestAsync(http, "/api/v1/anomalies?min_score=2", "min_score");
    }

    private static List<string?> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString())];

    private static List<string?> AnomalyIds(JsonElement page) => Ids(page);

    private static async Task<JsonElement> GetAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task AssertBadRequestAsync(HttpClient http, string path, string parameter)
    {
        var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
    }
}
