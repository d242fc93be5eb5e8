using System.Diagnostics;
using System.Text.Json;
using Realtime.Gateway.Tests.Servers;

namespace Realtime.Gateway.Tests.Compatibility;

/// <summary>
/// The job-run viewer's REST calls as its JavaScript makes them, with node's own <c>fetch</c> against a gateway on a real
/// socket: only the base URL and the token header added.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class JobRunFetchClientTests(GatewayFixture servers)
{
    private const string Script = """
        const [base, token, job] = process.argv.slice(1);
        const headers = { Authorization: 'Bearer ' + token };
        const page = await (await fetch(`${base}/api/v1/logs/job-runs/${job}?limit=100&offset=0`, { headers })).json();
        const next = await (await fetch(`${base}/api/v1/logs/job-runs/${job}?limit=100&offset=100`, { headers })).json();
        const status = await (await fetch(`${base}/api/v1/logs/stream/status`, { headers })).json();
        const file = await fetch(`${base}/api/v1/logs/job-runs/${job}/download?date=2024-01-15`, { headers });
        const text = await file.text();
        console.log(JSON.stringify({
          pagination: page.pagination, next: next.pagination, first: page.logs[0],
          status, disposition: file.headers.get('content-disposition'), lines: text.trim().split('\n').length,
        }));
        """;

    [Fact]
    public async Task Node_fetch_reads_the_history_pages_status_and_download_as_the_viewer_does()
    {
        var job = "abc-" + Guid.NewGuid().ToString("N")[..8];
        var day = new DateTimeOffset(2024, 1, 15, 10, 30, 45, 123, TimeSpan.Zero);
        await servers.StoreAsync([.. Enumerable.Range(0, 150).Select(i => TestLogs.Log(TestLogs.NewApplication("fetch"), $"line {i}",
            properties: $$"""{"job_run_id":"{{job}}","task_run_id":"def-456","stream":"stdout","task_name":"http_request_task"}""",
            timestamp: day.AddSeconds(i)))]);
        await using var gateway = await servers.StartKestrelGatewayAsync();

        var output = await RunNodeAsync(gateway.Address.ToString().TrimEnd('/'), GatewayFixture.Token, job);

        using var result = JsonDocument.Parse(output);
        var root = result.RootElement;
        Assert.Equal("""{"total":150,"limit":100,"offset":0,"count":100}""", root.GetProperty("pagination").GetRawText());
        Assert.Equal("""{"total":150,"limit":100,"offset":100,"count":50}""", root.GetProperty("next").GetRawText());
        var first = root.GetProperty("first");
        Assert.Equal(job, first.GetProperty("job_run_id").GetString());
        Assert.Equal("def-456", first.GetProperty("task_run_id").GetString());
        Assert.Equal("stdout", first.GetProperty("stream").GetString());
        Assert.Equal("http_request_task", first.GetProperty("task_name").GetString());
        Assert.Equal("2024-01-15T10:30:45.123Z", first.GetProperty("timestamp").GetString());
        Assert.Equal("info", first.GetProperty("level").GetString());
        Assert.Equal("line 0", first.GetProperty("message").GetString());
        Assert.Equal("active", root.GetProperty("status").GetProperty("status").GetString());
        // Counts themselves are checked in JobRunHistoryTests; here the shape the page reads.
        Assert.Equal(JsonValueKind.Number, root.GetProperty("status").GetProperty("connections").GetProperty("global").GetProperty("sse").ValueKind);
        Assert.Equal(JsonValueKind.Object, root.GetProperty("status").GetProperty("connections").GetProperty("jobs").ValueKind);
        Assert.Equal($"attachment; filename=\"job-run-{job}-2024-01-15.log\"", root.GetProperty("disposition").GetString());
        Assert.Equal(150, root.GetProperty("lines").GetInt32());
    }

    private static async Task<string> RunNodeAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["--input-type=module", "-e", Script, .. arguments]) start.ArgumentList.Add(argument);
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, $"node exited {node.ExitCode}: {await stderr}");
        return await stdout;
    }
}
