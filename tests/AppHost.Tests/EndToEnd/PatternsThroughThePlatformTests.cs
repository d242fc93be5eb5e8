using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;

namespace AppHost.Tests.EndToEnd;

/// <summary>
/// Logs posted to ingest come out as patterns on the gateway's REST API, counted by the analysis service; with both
/// analysis replicas killed (SIGKILL) mid-stream and started again, no log is lost or counted twice: the patterns'
/// totals equal the stored counts, and the patterns keep their ids.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PatternsThroughThePlatformTests(PlatformFixture platform, ITestOutputHelper output)
{
    private const int LogsPerRequest = 50;

    [Fact]
    public async Task Posted_logs_become_patterns_and_an_analysis_restart_mid_stream_loses_no_log()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        var application = "patterns-" + Guid.NewGuid().ToString("N")[..8];
        using var ingest = platform.App.CreateHttpClient("ingest");
        ingest.DefaultRequestHeaders.Add("X-Api-Key", platform.IngestApiKey);
        using var gateway = platform.App.CreateHttpClient("gateway");
        gateway.DefaultRequestHeaders.Authorization = new("Bearer", platform.StreamToken);

        var sent = 0;
        async Task SendAsync(int requests)
        {
            for (var r = 0; r < requests; r++)
            {
                var logs = Enumerable.Range(sent, LogsPerRequest).Select(i => new
                {
                    level = i % 5 == 0 ? "error" : "info",
                    source = $"web-0{i % 3}",
                    application,
                    message = (i % 3) switch
                    {
                        0 => $"GET /api/orders/{i} answered 200 in {i % 97} ms",
                        1 => $"user u{i} logged in from 10.1.{i % 200}.4",
                        _ => $"payment {i} declined: card expired",
                    },
                });
                using var response = await ingest.PostAsJsonAsync("/logs", logs, ct);
                Assert.True(response.IsSuccessStatusCode, $"ingest answered {(int)response.StatusCode}");
                sent += LogsPerRequest;
            }
        }

        await SendAsync(10);
        var before = await WaitForPatternTotalAsync(gateway, application, sent, ct);
        Assert.Equal(3, before.Count);

        // Both replicas die mid-stream: what is stored meanwhile is read back from PostgreSQL after the checkpoint.
        var killed = new[] { await platform.KillReplicaAsync("analysis", replica: 0), await platform.KillReplicaAsync("analysis", replica: 1) };
        await SendAsync(10);
        foreach (var instance in killed) await platform.StartInstanceAsync(instance);
        await SendAsync(5);

        var after = await WaitForPatternTotalAsync(gateway, application, sent, ct);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.Equal(sent, await StoredCountAsync(application, ct));
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        Assert.Equal(sent, (await PatternTotalsAsync(gateway, application, ct)).Values.Sum());

        // A pattern's logs, by its id, on the logs API.
        var payments = after.Keys.Single(id => id.Template.StartsWith("payment", StringComparison.Ordinal));
        var page = await gateway.GetFromJsonAsync<JsonElement>($"/api/v1/logs?pattern={payments.Id}&limit=1000&include_total=true", ct);
        Assert.Equal(after[payments], page.GetProperty("total").GetInt64());
        output.WriteLine($"{sent} logs, patterns: {string.Join("; ", after.Select(p => $"{p.Key.Template} = {p.Value}"))}");
    }

    private static async Task<Dictionary<(string Id, string Template), long>> WaitForPatternTotalAsync(
        HttpClient gateway, string application, int expected, CancellationToken ct)
    {
        Dictionary<(string Id, string Template), long> totals = [];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120); // a killed leader's lease expires first (10 s)
        while (DateTime.UtcNow < deadline)
        {
            totals = await PatternTotalsAsync(gateway, application, ct);
            if (totals.Values.Sum() == expected) return totals;
            Assert.True(totals.Values.Sum() <= expected, $"patterns count {totals.Values.Sum()} logs of {expected} sent: some counted twice");
            await Task.Delay(500, ct);
        }
        Assert.Fail($"patterns count {totals.Values.Sum()} logs of {expected} sent");
        return totals;
    }

    private static async Task<Dictionary<(string Id, string Template), long>> PatternTotalsAsync(HttpClient gateway, string application, CancellationToken ct)
    {
        var list = await gateway.GetFromJsonAsync<JsonElement>($"/api/v1/patterns?application={application}&limit=100", ct);
        return list.GetProperty("items").EnumerateArray().ToDictionary(
            p => (p.GetProperty("id").GetString()!, p.GetProperty("template").GetString()!), p => p.GetProperty("count").GetInt64());
    }

    private async Task<long> StoredCountAsync(string application, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync("logs", ct));
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM logs WHERE application = $1", connection) { Parameters = { new() { Value = application } } };
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
