using System.Net;
using System.Text.Json;
using LogPlatform.Contracts;
using Realtime.Gateway.Tests.Servers;

namespace Realtime.Gateway.Tests.Compatibility;

/// <summary>
/// The job-run log viewer's REST flow, with the requests its write-up documents: a job run's history paged by
/// limit/offset with its pagination object, a task run's history, the day's log file, and the stream status by scope.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class JobRunHistoryTests(GatewayFixture servers)
{
    private static readonly DateTimeOffset Day = new(2024, 1, 15, 10, 30, 45, 123, TimeSpan.Zero);

    /// <summary>
    /// 250 logs of one job run on 2024-01-15 (two tasks taking turns, every seventh on stderr), 20 the next day, and logs of
    /// another job run, stored in an order unlike their times.
    /// </summary>
    private async Task<(string JobRun, string TaskA, LogEvent[] Run)> StoreJobRunAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (jobRun, taskA, taskB) = ($"abc-{suffix}", $"def-{suffix}", $"ghi-{suffix}");
        var application = TestLogs.NewApplication("jobs");
        var logs = Enumerable.Range(0, 270).Select(i => TestLogs.Log(application, $"step {i} done", i % 7 == 0 ? LogSeverity.Error : LogSeverity.Info,
            properties: $$"""{"job_run_id":"{{jobRun}}","task_run_id":"{{(i % 2 == 0 ? taskA : taskB)}}","stream":"{{(i % 7 == 0 ? "stderr" : "stdout")}}","task_name":"http_request_task","attempt":1}""",
            timestamp: Day.AddSeconds(i < 250 ? i : 86_400 + i))).ToList();
        var other = Enumerable.Range(0, 5).Select(i => TestLogs.Log(application, $"other {i}",
            properties: $$"""{"job_run_id":"zzz-{{suffix}}","stream":"stdout"}""", timestamp: Day.AddSeconds(i)));
        var shuffled = logs.Concat(other).OrderBy(l => l.Message.GetHashCode()).ToArray();
        var stored = await servers.StoreAsync(shuffled);
        var run = stored.Where(l => l.Message.StartsWith("step", StringComparison.Ordinal)).OrderBy(l => l.Timestamp).ThenBy(l => l.Id).ToArray();
        return (jobRun, taskA, run);
    }

    [Fact]
    public async Task Job_run_history_pages_by_limit_and_offset_with_the_pagination_object_and_bare_logs()
    {
        var (jobRun, _, run) = await StoreJobRunAsync();
        using var http = GatewayFixture.CreateClient(servers.Gateway);

        // GET /api/v1/logs/job-runs/{job_run_id}?limit=100&offset=0, then the next pages as a viewer asks for them.
        var seen = new List<long>();
        for (var offset = 0; offset < 300; offset += 100)
        {
            using var page = await GetJsonAsync(http, $"/api/v1/logs/job-runs/{jobRun}?limit=100&offset={offset}");
            var pagination = page.RootElement.GetProperty("pagination");
            var logs = page.RootElement.GetProperty("logs").EnumerateArray().ToList();
            Assert.Equal(270, pagination.GetProperty("total").GetInt64());
            Assert.Equal(100, pagination.GetProperty("limit").GetInt32());
            Assert.Equal(offset, pagination.GetProperty("offset").GetInt32());
            Assert.Equal(Math.Min(100, 270 - offset), pagination.GetProperty("count").GetInt32());
            Assert.Equal(logs.Count, pagination.GetProperty("count").GetInt32());
            seen.AddRange(logs.Select(l => l.GetProperty("id").GetInt64()));
        }
        // Every log of the run once, in the order they happened; none of the other run's.
        Assert.Equal(run.Select(l => l.Id), seen);

        using var first = await GetJsonAsync(http, $"/api/v1/logs/job-runs/{jobRun}?limit=1&offset=0");
        var log = first.RootElement.GetProperty("logs")[0];
        Assert.Equal(jobRun, log.GetProperty("job_run_id").GetString());
        Assert.StartsWith("def-", log.GetProperty("task_run_id").GetString());
        Assert.Equal("2024-01-15T10:30:45.123Z", log.GetProperty("timestamp").GetString());
        Assert.Equal("error", log.GetProperty("level").GetString());
        Assert.Equal("stderr", log.GetProperty("stream").GetString());
        Assert.Equal("step 0 done", log.GetProperty("message").GetString());
        Assert.Equal("http_request_task", log.GetProperty("task_name").GetString());
        Assert.Equal(1, log.GetProperty("metadata").GetProperty("attempt").GetInt32());

        // Without limit and offset: the first 100; the filters of the logs API still apply (stream=stderr).
        using var defaults = await GetJsonAsync(http, $"/api/v1/logs/job-runs/{jobRun}");
        Assert.Equal(100, defaults.RootElement.GetProperty("pagination").GetProperty("count").GetInt32());
        using var stderr = await GetJsonAsync(http, $"/api/v1/logs/job-runs/{jobRun}?stream=stderr&limit=1000");
        Assert.Equal(run.Count(l => l.Level == LogSeverity.Error), stderr.RootElement.GetProperty("pagination").GetProperty("total").GetInt64());
        Assert.All(stderr.RootElement.GetProperty("logs").EnumerateArray(), l => Assert.Equal("stderr", l.GetProperty("stream").GetString()));

        // Past the end: an empty page with the real total.
        using var beyond = await GetJsonAsync(http, $"/api/v1/logs/job-runs/{jobRun}?limit=100&offset=500");
        Assert.Equal(0, beyond.RootElement.GetProperty("logs").GetArrayLength());
        Assert.Equal(270, beyond.RootElement.GetProperty("pagination").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Task_run_history_has_only_that_tasks_logs()
    {
        var (_, taskA, run) = await StoreJobRunAsync();
        using var http = GatewayFixture.CreateClient(servers.Gateway);

        // GET /api/v1/logs/task-runs/{task_run_id}
        using var page = await GetJsonAsync(http, $"/api/v1/logs/task-runs/{taskA}?limit=1000");
        var expected = run.Where(l => l.Properties!.Value.GetProperty("task_run_id").GetString() == taskA).Select(l => l.Id).ToList();
        Assert.Equal(expected, page.RootElement.GetProperty("logs").EnumerateArray().Select(l => l.GetProperty("id").GetInt64()));
        Assert.Equal(135, page.RootElement.GetProperty("pagination").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task The_download_is_a_text_file_of_the_job_runs_logs_of_that_day_in_order()
    {
        var (jobRun, _, run) = await StoreJobRunAsync();
        using var http = GatewayFixture.CreateClient(servers.Gateway);

        // GET /api/v1/logs/job-runs/{job_run_id}/download?date=2024-01-15
        using var response = await http.GetAsync($"/api/v1/logs/job-runs/{jobRun}/download?date=2024-01-15");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"job-run-{jobRun}-2024-01-15.log", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(250, lines.Length);
        Assert.Equal("2024-01-15T10:30:45.123Z [error] [stderr] [http_request_task] step 0 done", lines[0]);
        Assert.Equal(run.Take(250).Select(l => l.Message), lines.Select(l => l[(l.LastIndexOf(']') + 2)..]));

        // Without a date: the whole run, both days.
        var whole = await http.GetStringAsync($"/api/v1/logs/job-runs/{jobRun}/download");
        Assert.Equal(270, whole.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("/api/v1/logs/job-runs/abc-123?offset=-1", "offset")]
    [InlineData("/api/v1/logs/job-runs/abc-123?offset=100001", "offset")]
    [InlineData("/api/v1/logs/job-runs/abc-123?offset=ten", "offset")]
    [InlineData("/api/v1/logs/job-runs/abc-123?limit=0", "limit")]
    [InlineData("/api/v1/logs/job-runs/abc-123?limit=1001", "limit")]
    [InlineData("/api/v1/logs/task-runs/def-456?page=2", "page")]
    [InlineData("/api/v1/logs/job-runs/abc-123/download?date=15-01-2024", "date")]
    [InlineData("/api/v1/logs/job-runs/abc-123/download?offset=5", "offset")]
    public async Task A_bad_parameter_is_a_400_naming_it(string pathAndQuery, string parameter)
    {
        using var http = GatewayFixture.CreateClient(servers.Gateway);
        using var response = await http.GetAsync(pathAndQuery);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{pathAndQuery}: {(int)response.StatusCode} {body}");
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
        Assert.Contains($"'{parameter}'", problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Stream_status_counts_log_streams_per_scope_and_protocol_and_the_own_status_keeps_its_shape()
    {
        await using var gateway = await servers.StartGatewayAsync();
        using var http = GatewayFixture.CreateClient(gateway);
        await using var global = await GatewayFixture.ConnectAsync(gateway, "/ws/logs?format=native");
        await using var job = await GatewayFixture.ConnectAsync(gateway, "/ws/logs?format=native&job_run_id=abc-123");
        await using var stats = await GatewayFixture.ConnectAsync(gateway, "/ws/stats?format=native");
        await global.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        await job.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        using var sse = await SseStream.OpenAsync(http, "/sse/logs");
        using var jobSse = await SseStream.OpenAsync(http, "/sse/logs?job_run_id=abc-123&level=error");

        // GET /api/v1/logs/stream/status
        var expected = """{"status":"active","connections":{"global":{"websocket":1,"sse":1},"jobs":{"abc-123":{"websocket":1,"sse":1}}}}""";
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string status;
        while ((status = await http.GetStringAsync("/api/v1/logs/stream/status")) != expected)
        {
            if (limit.IsCancellationRequested) Assert.Fail($"status {status}, expected {expected}");
            await Task.Delay(50);
        }

        // LogPlatform's own status, at its own path: every connection, the stats stream included.
        using var own = await GetJsonAsync(http, "/api/v1/streams/status");
        Assert.Equal(5, own.RootElement.GetProperty("connections").GetInt32());
        Assert.Equal(1, own.RootElement.GetProperty("by_stream").GetProperty("stats").GetInt32());
    }

    [Fact]
    public async Task The_property_filter_can_use_the_partial_job_run_index()
    {
        // The planner cannot infer "properties ? 'job_run_id'" from "properties ->> 'job_run_id' = $1": the filter says it.
        Assert.True(LogFilter.TryParse([KeyValuePair.Create("job_run_id", (string?)"abc-123")], out var filter, out _));
        await using var connection = await servers.Database.OpenConnectionAsync();
        await using (var off = new Npgsql.NpgsqlCommand("SET enable_seqscan = off", connection)) await off.ExecuteNonQueryAsync();
        await using var explain = connection.CreateCommand();
        var sql = new System.Text.StringBuilder("EXPLAIN SELECT id FROM logs WHERE true");
        LogPlatform.Storage.Queries.LogFilterSql.AppendConditions(sql, explain, filter);
        explain.CommandText = sql.ToString();
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        }
        Assert.Contains(plan, line => line.Contains("job_run_id", StringComparison.Ordinal) && line.Contains("Index", StringComparison.Ordinal));
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient http, string pathAndQuery)
    {
        using var response = await http.GetAsync(pathAndQuery);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{pathAndQuery}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }
}
