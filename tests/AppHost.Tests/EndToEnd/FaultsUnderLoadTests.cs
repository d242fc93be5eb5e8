using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Xunit.Abstractions;

namespace AppHost.Tests.EndToEnd;

/// <summary>
/// The promise "every log answered 2xx is stored exactly once", checked on the whole platform while it is under load and
/// its parts fail: a worker killed with SIGKILL, PostgreSQL stopped and started, Redis restarted.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FaultsUnderLoadTests(PlatformFixture platform, ITestOutputHelper output)
{
    private const int LogsPerRequest = 100;

    [Fact]
    public async Task Every_accepted_log_is_stored_exactly_once_through_a_worker_kill_a_postgres_outage_and_a_redis_restart()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var application = "faults-" + Guid.NewGuid().ToString("N")[..8];
        var load = new SteadyLoad(platform, application);
        var sending = load.RunAsync(timeout.Token);

        await load.WaitForAcceptedAsync(2_000, timeout.Token);
        var killed = await platform.KillReplicaAsync("worker", replica: 0); // SIGKILL mid-batch: its pending entries must be claimed by the other worker

        await load.WaitForAcceptedAsync(load.Accepted + 2_000, timeout.Token);
        await platform.StopResourceAsync("postgres");
        await Task.Delay(TimeSpan.FromSeconds(3), timeout.Token); // ingest keeps accepting into the stream meanwhile
        await platform.StartResourceAsync("postgres");

        await load.WaitForAcceptedAsync(load.Accepted + 2_000, timeout.Token);
        await platform.StopResourceAsync("redis"); // ingest answers 503 (nothing accepted) until it is back
        await platform.StartResourceAsync("redis");

        await load.WaitForAcceptedAsync(load.Accepted + 2_000, timeout.Token);
        load.Stop();
        await sending;
        Assert.True(load.Refused > 0, "the Redis outage should have refused some requests (otherwise the test did not test it)");

        // Drain: every accepted request's logs, all of them, each once.
        var connectionString = (await platform.App.GetConnectionStringAsync("logs"))!;
        var drainDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(90); // a claim takes Worker:ClaimIdleTime (10 s)
        IReadOnlyDictionary<int, (long Rows, long Distinct)> stored;
        int[] missing;
        while (true)
        {
            stored = await StoredAsync(connectionString, application, timeout.Token);
            missing = load.AcceptedRequests.Where(r => !stored.ContainsKey(r)).ToArray();
            if (missing.Length == 0 || DateTime.UtcNow > drainDeadline) break;
            await Task.Delay(250, timeout.Token);
        }
        output.WriteLine($"accepted {load.Accepted} logs in {load.AcceptedRequests.Count} requests, refused {load.Refused} requests, " +
                         $"stored {stored.Values.Sum(s => s.Rows)} logs in {stored.Count} requests");
        Assert.True(missing.Length == 0, $"{missing.Length} accepted requests never stored, e.g. {string.Join(", ", missing.Take(5))}");
        foreach (var (request, (rows, distinct)) in stored)
        {
            Assert.True(rows == distinct, $"request {request}: {rows} rows for {distinct} logs (duplicates)");
            // A refused request may still have reached Redis (the reply was lost): then it is stored whole, never in part.
            Assert.True(rows == LogsPerRequest, $"request {request}: {rows} of {LogsPerRequest} logs stored");
        }

        // Afterwards the figures are true (issue 14): the reported queue depth is the stream's length, ingest admits, and
        // once the killed worker is started again (Aspire does not restart it on its own) exactly two consumers are live.
        await platform.StartInstanceAsync(killed);
        await AssertFiguresMatchTheStreamAsync(timeout.Token);
    }

    private async Task AssertFiguresMatchTheStreamAsync(CancellationToken ct)
    {
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync((await platform.App.GetConnectionStringAsync("redis"))!);
        using var gateway = platform.App.CreateHttpClient("gateway");
        gateway.DefaultRequestHeaders.Authorization = new("Bearer", platform.StreamToken);
        using var ingest = platform.App.CreateHttpClient("ingest");
        ingest.DefaultRequestHeaders.Add("X-Api-Key", platform.IngestApiKey);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var stats = System.Text.Json.JsonDocument.Parse(await gateway.GetStringAsync("/api/v1/stats", ct));
            var depth = stats.RootElement.GetProperty("queue_depth").GetInt64();
            var consumers = stats.RootElement.GetProperty("consumers").GetInt32();
            var length = await redis.GetDatabase().StreamLengthAsync(LogPlatform.Contracts.RedisNames.IngestStream);
            if (depth == length && length == 0 && consumers == 2) break;
            Assert.True(DateTime.UtcNow < deadline, $"stats say queue_depth {depth} and {consumers} consumers; the stream holds {length}, 2 workers run");
            await Task.Delay(500, ct);
        }
        using var admitted = await ingest.PostAsJsonAsync("/logs", new { message = "after the faults" }, ct);
        Assert.Equal(HttpStatusCode.Accepted, admitted.StatusCode);
    }

    private static async Task<IReadOnlyDictionary<int, (long, long)>> StoredAsync(string connectionString, string application, CancellationToken ct)
    {
        // Unpooled: PostgreSQL was restarted, and a pooled connection would report that once.
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync(ct);
        await using var query = new NpgsqlCommand("""
            SELECT (properties->>'request')::int, count(*), count(DISTINCT properties->>'seq')
            FROM logs WHERE application = @application GROUP BY 1
            """, connection);
        query.Parameters.AddWithValue("application", application);
        var result = new Dictionary<int, (long, long)>();
        await using var reader = await query.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result[reader.GetInt32(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        return result;
    }

    /// <summary>One client posting numbered requests of numbered logs back to back, remembering which were answered 2xx.</summary>
    private sealed class SteadyLoad(PlatformFixture platform, string application)
    {
        private readonly CancellationTokenSource _stop = new();
        private long _accepted;

        public ConcurrentBag<int> AcceptedRequests { get; } = [];
        public long Accepted => Interlocked.Read(ref _accepted);
        public int Refused { get; private set; }

        public void Stop() => _stop.Cancel();

        public async Task RunAsync(CancellationToken ct)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, _stop.Token);
            using var ingest = platform.App.CreateHttpClient("ingest");
            ingest.Timeout = TimeSpan.FromSeconds(10);
            ingest.DefaultRequestHeaders.Add("X-Api-Key", platform.IngestApiKey);
            for (var request = 0; !stop.IsCancellationRequested; request++)
            {
                var logs = Enumerable.Range(0, LogsPerRequest).Select(i => new
                {
                    level = "info", source = "load", application, message = $"request {request} log {i}",
                    properties = new { request, seq = request * LogsPerRequest + i },
                });
                try
                {
                    using var response = await ingest.PostAsJsonAsync("/logs", logs, stop.Token);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        AcceptedRequests.Add(request);
                        Interlocked.Add(ref _accepted, LogsPerRequest);
                    }
                    else
                    {
                        Refused++;
                        await Task.Delay(50, stop.Token); // 503 or 429: the platform asked us to wait
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpRequestException)
                {
                    Refused++;
                    await Task.Delay(50, CancellationToken.None);
                }
            }
        }

        public async Task WaitForAcceptedAsync(long target, CancellationToken ct)
        {
            while (Accepted < target) await Task.Delay(20, ct);
        }
    }
}
