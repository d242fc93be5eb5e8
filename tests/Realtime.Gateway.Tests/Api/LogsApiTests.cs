using System.Net;
using System.Text.Json;
using LogPlatform.Contracts;
using Realtime.Gateway.Tests.Servers;

namespace Realtime.Gateway.Tests.Api;

[Collection(GatewayCollection.Name)]
public sealed class LogsApiTests(GatewayFixture servers)
{
    private static readonly DateTimeOffset Base = DateTimeOffset.UtcNow.AddHours(-1);

    /// <summary>30 logs a second apart: levels cycle, source api/db alternates, job_run_id = i % 3, every fifth mentions a timeout.</summary>
    private async Task<LogEvent[]> StoreSampleAsync(string application) => await servers.StoreAsync(
        Enumerable.Range(0, 30).Select(i => TestLogs.Log(application, i % 5 == 0 ? $"upstream timeout #{i}" : $"request served #{i}",
            (LogSeverity)(i % 6), i % 2 == 0 ? "api" : "db", $$"""{"job_run_id":{{i % 3}}}""", Base.AddSeconds(i))).ToArray());

    [Fact]
    public async Task Pages_follow_the_cursor_newest_first_and_stay_stable_when_rows_are_added_between_pages()
    {
        var application = TestLogs.NewApplication("paging");
        var stored = await StoreSampleAsync(application);
        var newestFirst = stored.Reverse().Select(l => l.Id).ToList();
        using var http = GatewayFixture.CreateClient(servers.Gateway);

        var first = await GetPageAsync(http, $"/api/v1/logs?application={application}&limit=12&include_total=true");
        Assert.Equal(newestFirst[..12], first.Ids);
        Assert.Equal(30, first.Total);
        Assert.NotNull(first.NextCursor);

        // New logs arrive between pages: they are newer than the cursor and do not shift what follows.
        await servers.StoreAsync(TestLogs.Many(application, 5, "arrived between pages"));

        var second = await GetPageAsync(http, $"/api/v1/logs?application={application}&limit=12&include_total=true&cursor={first.NextCursor}");
        Assert.Equal(newestFirst[12..24], second.Ids);
        Assert.Equal(35, second.Total);
        var third = await GetPageAsync(http, $"/api/v1/logs?application={application}&limit=12&cursor={second.NextCursor}");
        Assert.Equal(newestFirst[24..], third.Ids);
        Assert.Null(third.NextCursor);
        Assert.Null(third.Total);

        // Without limit: the default page of 100 holds all 35, newest (the 5 added) first.
        var all = await GetPageAsync(http, $"/api/v1/logs?application={application}");
        Assert.Equal(35, all.Ids.Count);
        Assert.Null(all.NextCursor);
    }

    [Theory]
    [InlineData("min_level=error")]
    [InlineData("level=debug,warn")]
    [InlineData("source=DB")]
    [InlineData("q=TIMEOUT")]
    [InlineData("job_run_id=2")]
    [InlineData("job_run_id=2&min_level=warn&source=db")]
    [InlineData("from={from}&to={to}")]
    [InlineData("q=timeout&from={from}")]
    public async Task Filters_and_time_range_select_the_same_logs_as_the_live_filter(string query)
    {
        var application = TestLogs.NewApplication("search");
        var stored = await StoreSampleAsync(application);
        var from = Base.AddSeconds(10);
        var to = Base.AddSeconds(20);
        query = query.Replace("{from}", Uri.EscapeDataString(from.ToString("O"))).Replace("{to}", Uri.EscapeDataString(to.ToString("O")));

        var pairs = query.Split('&').Select(p => p.Split('=')).Where(p => p[0] is not ("from" or "to"))
            .Select(p => KeyValuePair.Create(p[0], (string?)Uri.UnescapeDataString(p[1])));
        Assert.True(LogFilter.TryParse(pairs, out var filter, out _));
        var expected = stored.Where(filter.Matches)
            .Where(l => !query.Contains("from=") || l.Timestamp >= from)
            .Where(l => !query.Contains("to=") || l.Timestamp < to)
            .Reverse().Select(l => l.Id).ToList();
        Assert.NotEmpty(expected);
        Assert.NotEqual(stored.Length, expected.Count);

        using var http = GatewayFixture.CreateClient(servers.Gateway);
        var page = await GetPageAsync(http, $"/api/v1/logs?application={application}&{query}&include_total=true");
        Assert.Equal(expected, page.Ids);
        Assert.Equal(expected.Count, page.Total);
    }

    [Fact]
    public async Task One_log_by_id_or_404()
    {
        var application = TestLogs.NewApplication("byid");
        var stored = await StoreSampleAsync(application);
        using var http = GatewayFixture.CreateClient(servers.Gateway);

        var log = JsonSerializer.Deserialize(await http.GetStringAsync($"/api/v1/logs/{stored[7].Id}"), ContractsJsonContext.Default.LogEvent)!;
        Assert.Equal((stored[7].Id, stored[7].Message, stored[7].Level, "db", application), (log.Id, log.Message, log.Level, log.Source, log.Application));
        Assert.Equal(1, log.Properties!.Value.GetProperty("job_run_id").GetInt32());
        Assert.Equal(stored[7].Timestamp.ToUnixTimeMilliseconds(), log.Timestamp.ToUnixTimeMilliseconds());

        using var missing = await http.GetAsync("/api/v1/logs/9000000000000");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await missing.Content.ReadAsStringAsync());
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Export_downloads_ndjson_or_text_as_an_attachment()
    {
        var application = TestLogs.NewApplication("export");
        var stored = await StoreSampleAsync(application);
        using var http = GatewayFixture.CreateClient(servers.Gateway);

        using var ndjson = await http.GetAsync($"/api/v1/logs/export?application={application}&min_level=error");
        Assert.Equal(HttpStatusCode.OK, ndjson.StatusCode);
        Assert.Equal("application/x-ndjson", ndjson.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", ndjson.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".ndjson", ndjson.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lines = (await ndjson.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var exported = lines.Select(line => JsonSerializer.Deserialize(line, ContractsJsonContext.Default.LogEvent)!).ToList();
        Assert.Equal(stored.Where(l => l.Level >= LogSeverity.Error).Reverse().Select(l => l.Id), exported.Select(l => l.Id));

        using var text = await http.GetAsync($"/api/v1/logs/export?application={application}&format=text&max=4");
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal("text/plain", text.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", text.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".log", text.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var textLines = (await text.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, textLines.Length);
        var newest = stored[^1]; // #29: fatal, db
        Assert.Equal($"{newest.Timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} FATAL [{application}/db] {newest.Message}", textLines[0]);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-01T00:00:00Z", "to")]
    [InlineData("from=2026-11-25T09:00:00Z&to=2026-11-25T08:00:00Z", "from")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("include_total=maybe", "include_total")]
    [InlineData("min_level=loud", "min_level")]
    [InlineData("level=info,loud", "level")]
    [InlineData("bad%20name=1", "bad name")]
    [InlineData("offset=0", "offset")]
    [InlineData("job_run_id=42&limit=10&offset=10", "offset")]
    [InlineData("page=2&per_page=50", "page")]
    [InlineData("date=2024-01-15", "date")]
    [InlineData("sort=timestamp&order=desc", "sort")]
    [InlineData("skip=5", "skip")]
    public async Task An_invalid_parameter_is_a_400_problem_naming_it(string query, string parameter)
    {
        using var http = GatewayFixture.CreateClient(servers.Gateway);
        foreach (var path in new[] { "/api/v1/logs", "/api/v1/logs/export" })
        {
            await AssertProblemAsync(http, $"{path}?{query}", parameter);
        }
    }

    [Theory]
    [InlineData("offset=0", "offset")]
    [InlineData("job_run_id=42&page=2", "page")]
    [InlineData("history=10&sort=timestamp", "sort")]
    public async Task A_paging_parameter_on_a_stream_is_a_400_problem_naming_it(string query, string parameter)
    {
        using var http = GatewayFixture.CreateClient(servers.Gateway);
        await AssertProblemAsync(http, $"/sse/logs?{query}", parameter);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => GatewayFixture.ConnectAsync(servers.Gateway, $"/ws/logs?format=native&{query}"));
        Assert.Contains("400", refused.Message);
    }

    [Fact]
    public async Task Stream_filters_on_the_logs_stream_property_alongside_the_known_parameters()
    {
        var application = TestLogs.NewApplication("stream");
        var stored = await servers.StoreAsync(Enumerable.Range(0, 6).Select(i => TestLogs.Log(application, $"line {i}",
            properties: $$"""{"job_run_id":42,"stream":"{{(i % 2 == 0 ? "stdout" : "stderr")}}"}""", timestamp: Base.AddSeconds(i))).ToArray());
        using var http = GatewayFixture.CreateClient(servers.Gateway);

        var page = await GetPageAsync(http, $"/api/v1/logs?application={application}&job_run_id=42&stream=stderr&limit=10&include_total=true");
        Assert.Equal(stored.Where((_, i) => i % 2 == 1).Reverse().Select(l => l.Id), page.Ids);
        Assert.Equal(3, page.Total);
    }

    [Theory]
    [InlineData("format=csv", "format")]
    [InlineData("max=0", "max")]
    [InlineData("max=1000001", "max")]
    public async Task An_invalid_export_parameter_is_a_400_problem_naming_it(string query, string parameter)
    {
        using var http = GatewayFixture.CreateClient(servers.Gateway);
        await AssertProblemAsync(http, $"/api/v1/logs/export?{query}", parameter);
    }

    [Fact]
    public async Task Stream_status_counts_the_replicas_connections_by_protocol_stream_and_scope()
    {
        await using var gateway = await servers.StartGatewayAsync();
        using var http = GatewayFixture.CreateClient(gateway);
        await using var runSocket = await GatewayFixture.ConnectAsync(gateway, "/ws/logs?format=native&job_run_id=7");
        await using var combined = await GatewayFixture.ConnectAsync(gateway, "/ws?format=native");
        await runSocket.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        await combined.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        using var sse = await SseStream.OpenAsync(http, "/sse/logs?job_run_id=7&history=1");

        var status = await WaitForStatusAsync(http, s => s.GetProperty("connections").GetInt32() == 3);
        Assert.Equal(2, status.GetProperty("by_protocol").GetProperty("websocket").GetInt32());
        Assert.Equal(1, status.GetProperty("by_protocol").GetProperty("sse").GetInt32());
        Assert.Equal(2, status.GetProperty("by_stream").GetProperty("logs").GetInt32());
        Assert.Equal(1, status.GetProperty("by_stream").GetProperty("combined").GetInt32());
        Assert.Equal(2, status.GetProperty("by_scope").GetProperty("job_run_id=7").GetInt32());
        Assert.Single(status.GetProperty("by_scope").EnumerateObject());
        Assert.True(status.GetProperty("messages_sent").GetInt64() >= 2);
        Assert.Equal(0, status.GetProperty("logs_dropped").GetInt64());

        await combined.DisposeAsync();
        status = await WaitForStatusAsync(http, s => s.GetProperty("connections").GetInt32() == 2);
        Assert.Equal(1, status.GetProperty("by_protocol").GetProperty("websocket").GetInt32());
        Assert.False(status.GetProperty("by_stream").TryGetProperty("combined", out _));
    }

    private static async Task AssertProblemAsync(HttpClient http, string pathAndQuery, string parameter)
    {
        using var response = await http.GetAsync(pathAndQuery);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        var detail = problem.RootElement.GetProperty("detail").GetString();
        Assert.True(detail?.Contains($"'{parameter}'") == true, $"{pathAndQuery}: detail '{detail}' does not name '{parameter}'.");
        Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
    }

    /// <summary>Connections are counted as they open and close on the server; wait for the expected count, then look.</summary>
    private static async Task<JsonElement> WaitForStatusAsync(HttpClient http, Func<JsonElement, bool> expected)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        JsonElement status;
        while (true)
        {
            using (var document = JsonDocument.Parse(await http.GetStringAsync("/api/v1/streams/status")))
            {
                status = document.RootElement.Clone();
            }
            if (expected(status)) return status;
            if (limit.IsCancellationRequested) Assert.Fail($"Status never became as expected: {status.GetRawText()}");
            await Task.Delay(50);
        }
    }

    private sealed record Page(List<long> Ids, string? NextCursor, long? Total);

    private static async Task<Page> GetPageAsync(HttpClient http, string pathAndQuery)
    {
        using var response = await http.GetAsync(pathAndQuery);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{pathAndQuery}: {(int)response.StatusCode} {body}");
        using var page = JsonDocument.Parse(body);
        var root = page.RootElement;
        return new Page(
            [.. root.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetInt64())],
            root.TryGetProperty("next_cursor", out var cursor) ? cursor.GetString() : null,
            root.TryGetProperty("total", out var total) ? total.GetInt64() : null);
    }
}
