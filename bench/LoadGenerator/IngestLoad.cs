using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using LogPlatform.Contracts;
using Npgsql;
using StackExchange.Redis;

namespace LoadGenerator;

/// <summary>What one ingest run measured.</summary>
public sealed record IngestResult(string Shape, long Accepted, double AcceptedPerSecond, double? StoredPerSecond, bool RowsMatch);

/// <summary>
/// N HTTP clients post batches of B corpus logs for a fixed time; then the generator waits until PostgreSQL holds every
/// accepted log of the run, checks for duplicates, and reports rates, store latency, worker memory and CPU per process.
/// The batches come in one <see cref="LoadShape"/>: JSON to /logs, CLEF to /api/events/raw or OTLP protobuf to /v1/logs.
/// </summary>
public sealed class IngestLoad(BenchOptions options, LogCorpus corpus, NpgsqlDataSource dataSource, LoadShape shape)
{
    private long _nextSeq;
    private long _accepted, _requests, _refused, _failed;
    private readonly LatencyHistogram _requestLatency = new();

    public async Task<IngestResult> RunAsync(CancellationToken cancellationToken)
    {
        var runId = $"bench-{DateTimeOffset.UtcNow:yyyyMMddHHmmss}-{shape.Name}-b{options.Batch}";
        Console.WriteLine($"== ingest ({shape.Name}, POST {shape.Path}): {options.Clients} clients x batches of {options.Batch} " +
                          $"for {options.DurationSeconds} s, run {runId}");

        await using var redis = await ConnectionMultiplexer.ConnectAsync(options.Redis);
        var storedBefore = (long)await redis.GetDatabase().StringGetAsync(RedisNames.Counters.Stored);

        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Clients,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
        })
        { BaseAddress = new Uri(options.IngestUrl), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-Api-Key", options.ApiKey);

        var cpu = CpuUsage.Start();
        var clock = Stopwatch.StartNew();
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            stop.CancelAfter(TimeSpan.FromSeconds(options.DurationSeconds));
            await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(i => ClientAsync(http, shape.Writer(corpus, runId), i, stop.Token)));
        }
        var loadSeconds = clock.Elapsed.TotalSeconds;
        var acceptedRate = _accepted / loadSeconds;
        Console.WriteLine($"posted for {loadSeconds:0.0} s: {_accepted:N0} accepted ({acceptedRate:N0} logs/s, {_requests / loadSeconds:N0} req/s), " +
                          $"refused (429/503) {_refused:N0}, failed {_failed:N0}; request latency {_requestLatency.Describe()}");

        var rows = new RunRows(dataSource, runId, shape);
        await WaitForRowsAsync(rows, redis.GetDatabase(), storedBefore, cancellationToken);
        Console.WriteLine(cpu.Describe());

        var summary = await rows.SummariseAsync(cancellationToken);
        double? storedRate = summary is { FirstReceived: { } first, LastStored: { } last } && last > first ? summary.Rows / (last - first).TotalSeconds : null;
        Console.WriteLine($"stored {summary.Rows:N0} rows; rows == accepted: {(summary.Rows == _accepted ? "yes" : "NO")}; " +
                          $"duplicates: {(summary.HasDuplicates ? $"YES ({summary.Rows - summary.DistinctSeq:N0})" : "none")}");
        Console.WriteLine($"stored rate (first received_at to last stored_at): {storedRate:N0} logs/s; " +
                          $"stored_at - received_at: p50 {summary.P50Ms:0.0} ms, p99 {summary.P99Ms:0.0} ms");
        foreach (var worker in PlatformProcess.Named("Worker.Service"))
        {
            Console.WriteLine($"Worker.Service pid {worker.Pid}: peak memory (VmHWM) {ProcessMemory.Mib(ProcessMemory.ReadKiB(worker.Pid, "VmHWM"))}");
        }
        return new IngestResult(shape.Name, _accepted, acceptedRate, storedRate, summary.Rows == _accepted && !summary.HasDuplicates);
    }

    private async Task ClientAsync(HttpClient http, IBatchBodyWriter writer, int client, CancellationToken stop)
    {
        long cursor = client * 7919L;
        while (!stop.IsCancellationRequested)
        {
            var firstSeq = Interlocked.Add(ref _nextSeq, options.Batch) - options.Batch;
            var body = writer.Write(firstSeq, options.Batch, cursor, DateTimeOffset.UtcNow, out _);
            cursor += options.Batch;
            using var content = new ReadOnlyMemoryContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(shape.ContentType);
            var started = Stopwatch.GetTimestamp();
            try
            {
                // Not cancelled by the end of the run: a request in flight finishes, so accepted is exact.
                using var response = await http.PostAsync(shape.Path, content, CancellationToken.None);
                Interlocked.Increment(ref _requests);
                if (response.StatusCode == shape.Success)
                {
                    _requestLatency.Record(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                    Interlocked.Add(ref _accepted, options.Batch);
                }
                else if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Increment(ref _refused);
                    var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                    await Task.Delay(wait, stop).ContinueWith(_ => { }, TaskScheduler.Default);
                }
                else
                {
                    if (Interlocked.Increment(ref _failed) == 1)
                        Console.WriteLine($"unexpected {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                }
            }
            catch (HttpRequestException ex)
            {
                if (Interlocked.Increment(ref _failed) == 1) Console.WriteLine($"request failed: {ex.Message}");
                await Task.Delay(500, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Polls the cheap stored counter in Redis for progress, and PostgreSQL for the run's exact count once it may be complete.</summary>
    private async Task<long> WaitForRowsAsync(RunRows rows, IDatabase redis, long storedBefore, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        long count = 0;
        while (deadline.Elapsed < TimeSpan.FromSeconds(options.DrainTimeoutSeconds))
        {
            var storedSince = (long)await redis.StringGetAsync(RedisNames.Counters.Stored) - storedBefore;
            if (storedSince >= _accepted)
            {
                count = await rows.CountAsync(cancellationToken);
                if (count >= _accepted) break;
            }
            Console.WriteLine($"  waiting for storage: {storedSince:N0} of {_accepted:N0} stored ({deadline.Elapsed.TotalSeconds:0} s)");
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }
        if (count < _accepted) Console.WriteLine($"gave up after {options.DrainTimeoutSeconds} s: {count:N0} of {_accepted:N0} rows");
        return count;
    }
}
