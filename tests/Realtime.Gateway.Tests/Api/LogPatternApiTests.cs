using System.Net;
using System.Text.Json;
using LogPlatform.Contracts;
using LogPlatform.Storage.Analysis;
using LogPlatform.Testing;
using Realtime.Gateway.Api;
using Realtime.Gateway.Tests.Servers;

namespace Realtime.Gateway.Tests.Api;

/// <summary>
/// <c>GET /api/v1/logs/{id}/pattern</c> over logs stored as the worker stores them and patterns committed as the analysis
/// commits them (its own store, AnalysisStore), in the real PostgreSQL.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class LogPatternApiTests(GatewayFixture servers)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static long NewId() => Random.Shared.NextInt64();

    [Fact]
    public async Task A_log_gets_the_pattern_that_holds_it_in_the_shape_of_the_patterns_api()
    {
        var application = TestLogs.NewApplication("logpattern");
        var other = TestLogs.NewApplication("logpattern");
        var stored = await servers.StoreAsync(
            TestLogs.Log(application, "user alice logged in from 10.0.0.7", timestamp: Now),
            TestLogs.Log(application, "user bob logged in from 10.0.3.9", timestamp: Now),
            TestLogs.Log(other, "cache miss for key order:17", timestamp: Now));
        long specific = NewId(), general = NewId(), old = NewId(), example = NewId(), otherApplication = NewId();
        await servers.Analysis.CommitAsync(
            [
                // Both match alice's line and cover its time: the one with more literal text is hers.
                new(general, application, "user <*> <*> in from <*>", Now.AddMinutes(-5), Now.AddMinutes(5), 40, [], ["web-01"]),
                new(specific, application, "user <*> logged in from <*>", Now.AddMinutes(-5), Now.AddMinutes(5), 12, [], ["web-01"]),
                // Literal to the letter, but last seen two days ago: the miner cannot have put a log of now in it.
                new(old, application, "user alice logged in from 10.0.0.7", Now.AddDays(-2), Now.AddDays(-2), 1, [], ["web-01"]),
                // Lists bob's log among its examples: the miner put it there, whatever else matches.
                new(example, application, "user bob <*>", Now.AddMinutes(-5), Now.AddMinutes(5), 3, [stored[1].Id], ["web-01"]),
                // The same template in another application: never the pattern of this application's logs.
                new(otherApplication, other, "cache miss for key <*>", Now.AddMinutes(-5), Now.AddMinutes(5), 2, [], ["web-01"]),
            ],
            [new(specific, PatternQueries.Minute(Now), (short)LogSeverity.Info, 12)]);
        using var http = GatewayFixture.CreateClient(servers.Gateway);

        var alice = await GetAsync(http, $"/api/v1/logs/{stored[0].Id}/pattern");
        Assert.Equal(PatternsApi.FormatId(specific), alice.GetProperty("id").GetString());
        Assert.Equal(application, alice.GetProperty("application").GetString());
        Assert.Equal("user <*> logged in from <*>", alice.GetProperty("template").GetString());
        Assert.Equal(12, alice.GetProperty("count").GetInt64());
        Assert.Equal(12, alice.GetProperty("window_count").GetInt64());
        Assert.Equal(12, alice.GetProperty("minutes").EnumerateArray().Sum(m => m.GetInt64()));
        Assert.Equal(Now.AddMinutes(-5).ToUnixTimeSeconds(), alice.GetProperty("first_seen").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(Now.AddMinutes(5).ToUnixTimeSeconds(), alice.GetProperty("last_seen").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(["web-01"], alice.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        // The same answer as the patterns API gives for that id, field for field.
        var byId = await GetAsync(http, $"/api/v1/patterns/{PatternsApi.FormatId(specific)}");
        Assert.Equal(alice.EnumerateObject().Select(p => p.Name), byId.EnumerateObject().Select(p => p.Name));
        // And the logs of that pattern include the log (pattern= on the search matches the same way).
        var logs = await GetAsync(http, $"/api/v1/logs?pattern={PatternsApi.FormatId(specific)}");
        Assert.Contains(stored[0].Id, logs.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetInt64()));

        var bob = await GetAsync(http, $"/api/v1/logs/{stored[1].Id}/pattern");
        Assert.Equal(PatternsApi.FormatId(example), bob.GetProperty("id").GetString());
        var cache = await GetAsync(http, $"/api/v1/logs/{stored[2].Id}/pattern");
        Assert.Equal(PatternsApi.FormatId(otherApplication), cache.GetProperty("id").GetString());

        // A window of its own for the counts, as on the patterns API; a bad one is a 400.
        var earlier = await GetAsync(http, $"/api/v1/logs/{stored[0].Id}/pattern?to={Uri.EscapeDataString(Now.AddHours(-3).ToString("O"))}");
        Assert.Equal(0, earlier.GetProperty("window_count").GetInt64());
        Assert.Equal(12, earlier.GetProperty("count").GetInt64());
        var bad = await http.GetAsync($"/api/v1/logs/{stored[0].Id}/pattern?from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized,
            (await GatewayFixture.CreateClient(servers.Gateway, token: null).GetAsync($"/api/v1/logs/{stored[0].Id}/pattern")).StatusCode);
    }

    [Fact]
    public async Task Not_found_says_whether_the_log_is_missing_not_mined_yet_or_matched_by_no_stored_pattern()
    {
        var application = TestLogs.NewApplication("nopattern");
        var passed = await servers.StoreAsync(TestLogs.Log(application, "disk full on volume data-7"));
        await servers.Analysis.CommitAsync([new(NewId(), application, "user <*> logged in from <*>", Now.AddMinutes(-5), Now.AddMinutes(5), 1, [], [])], [],
            minedUpTo: passed[0].Id);
        var ahead = await servers.StoreAsync(TestLogs.Log(application, "user dave logged out"));
        using var http = GatewayFixture.CreateClient(servers.Gateway);

        var noMatch = await ProblemAsync(http, $"/api/v1/logs/{passed[0].Id}/pattern");
        Assert.Equal("Pattern not found", noMatch.GetProperty("title").GetString());
        Assert.Equal("no_match", noMatch.GetProperty("reason").GetString());
        Assert.Contains(application, noMatch.GetProperty("detail").GetString());

        var notMined = await ProblemAsync(http, $"/api/v1/logs/{ahead[0].Id}/pattern");
        Assert.Equal("not_mined_yet", notMined.GetProperty("reason").GetString());
        Assert.StartsWith($"Log {ahead[0].Id} is not mined yet", notMined.GetProperty("detail").GetString());

        var missing = await ProblemAsync(http, $"/api/v1/logs/{ahead[0].Id + 1_000_000}/pattern");
        Assert.Equal("Log not found", missing.GetProperty("title").GetString());
        Assert.False(missing.TryGetProperty("reason", out _));
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> ProblemAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode} {body}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
