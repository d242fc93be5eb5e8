using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace LoadGenerator;

/// <summary>
/// K WebSocket clients on the gateway (all filtered to this run, a share of them also to level=error) while one
/// poster sends R logs/s; reports post-to-receipt latency, deliveries/s against what the filters should pass, drops,
/// and the gateway's resident memory per connection. Optionally some clients connect and never read.
/// </summary>
public sealed class FanOutLoad(BenchOptions options, LogCorpus corpus)
{
    private const int ConnectConcurrency = 64;

    /// <summary>One run per framing, one after another, so their figures come from the same platform and machine state.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var format in options.Framings) await RunAsync(format, cancellationToken);
    }

    private async Task RunAsync(string format, CancellationToken cancellationToken)
    {
        var runId = $"fanout-{DateTimeOffset.UtcNow:yyyyMMddHHmmss}-{format}";
        var errorOnly = (int)Math.Round(options.Subscribers * options.ErrorOnlyShare);
        Console.WriteLine($"== fanout ({format}): {options.Subscribers:N0} WebSocket clients ({errorOnly:N0} with level=error), {options.Rate:N0} logs/s for {options.DurationSeconds} s, run {runId}");

        var gateway = PlatformProcess.Named("Realtime.Gateway").FirstOrDefault();
        long? RssKiB() => gateway is null ? null : ProcessMemory.ReadKiB(gateway.Pid, "VmRSS");
        var rssBefore = RssKiB();

        // Shared by a few subscribers each: one histogram for all of them made the receiving cores fight over its counters.
        var latencies = Enumerable.Range(0, 32).Select(_ => new LatencyHistogram()).ToArray();
        var subscribers = Enumerable.Range(0, options.Subscribers)
            .Select(i => new LiveSubscriber(i < errorOnly, latencies[i % latencies.Length], format)).ToList();
        using var stopReceiving = new CancellationTokenSource();
        var receiving = new List<Task>();
        var connectClock = Stopwatch.StartNew();
        var gatewayUri = new Uri(options.GatewayUrl);
        var failedConnects = 0;
        using (var gate = new SemaphoreSlim(ConnectConcurrency))
        {
            await Task.WhenAll(subscribers.Select(async subscriber =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    await subscriber.ConnectAsync(gatewayUri, options.StreamToken, runId, cancellationToken);
                    lock (receiving) receiving.Add(Task.Run(() => subscriber.ReceiveAsync(stopReceiving.Token), CancellationToken.None));
                }
                catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or HttpRequestException)
                {
                    if (Interlocked.Increment(ref failedConnects) == 1) Console.WriteLine($"connect failed: {ex.Message}");
                }
                finally { gate.Release(); }
            }));
        }
        Console.WriteLine($"connected {receiving.Count:N0} clients in {connectClock.Elapsed.TotalSeconds:0.0} s ({failedConnects} failed)");

        // Clients that never read: their queues fill and the gateway drops for them alone (and closes them after its
        // slow-client timeout); the reading clients' latency above must not change.
        var stalled = new List<LiveSubscriber>();
        for (var i = 0; i < options.StalledSubscribers; i++)
        {
            var subscriber = new LiveSubscriber(errorsOnly: false, new LatencyHistogram(), format);
            await subscriber.ConnectAsync(gatewayUri, options.StreamToken, runId, cancellationToken);
            stalled.Add(subscriber);
        }
        if (stalled.Count > 0) Console.WriteLine($"connected {stalled.Count:N0} more clients that never read");
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var rssAfter = RssKiB();
        if (rssBefore is { } before && rssAfter is { } after)
            Console.WriteLine($"gateway VmRSS {before / 1024.0:0} MiB -> {after / 1024.0:0} MiB with clients idle: {(after - before) / (double)Math.Max(1, receiving.Count):0.0} KiB per connection");

        var cpu = CpuUsage.Start();
        var (sent, sentErrors, postSeconds) = options.LiveDirect
            ? await PublishAtRateAsync(runId, cancellationToken)
            : await PostAtRateAsync(runId, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken); // the tail still in flight
        Console.WriteLine(cpu.Describe());
        var gatewayCpuSeconds = cpu.SecondsOf("Realtime.Gateway");
        var rssPeak = gateway is null ? null : ProcessMemory.ReadKiB(gateway.Pid, "VmHWM");
        var rssLoaded = RssKiB();
        if (rssBefore is { } idle && rssLoaded is { } loaded)
            Console.WriteLine($"gateway VmRSS after the load, clients still connected: {loaded / 1024.0:0} MiB = {(loaded - idle) / (double)Math.Max(1, receiving.Count):0.0} KiB per connection over the start");

        var closedEarly = subscribers.Where(s => s.ClosedBecause is not null).ToList();
        await Task.WhenAll(subscribers.Select(s => s.CloseAsync()));
        stopReceiving.Cancel();
        await Task.WhenAll(receiving);

        var delivered = subscribers.Sum(s => s.Delivered);
        var expected = subscribers.Sum(s => s.ErrorsOnly ? sentErrors : sent);
        Console.WriteLine($"posted {sent:N0} logs ({sentErrors:N0} level error) in {postSeconds:0.0} s = {sent / postSeconds:N0} logs/s");
        Console.WriteLine($"delivered {delivered:N0} of {expected:N0} expected ({100.0 * delivered / Math.Max(1, expected):0.0}%): {delivered / postSeconds:N0} logs/s to clients; " +
                          $"gateway reported {subscribers.Sum(s => s.DroppedReported):N0} dropped; {closedEarly.Count} clients closed early" +
                          (closedEarly.FirstOrDefault() is { } c ? $" (e.g. {c.ClosedBecause})" : ""));
        Console.WriteLine($"post-to-receipt latency: {LatencyHistogram.Merge(latencies).Describe()}; gateway peak VmHWM {ProcessMemory.Mib(rssPeak)}");
        Console.WriteLine($"gateway CPU {gatewayCpuSeconds:0.0} s = {gatewayCpuSeconds * 1e6 / Math.Max(1, delivered):0.00} µs per delivered log ({format})");
        foreach (var subscriber in subscribers.Concat(stalled)) subscriber.Dispose();
    }

    /// <summary>
    /// As <see cref="PostAtRateAsync"/>, but each batch goes straight to the live channel in the workers' format (stored
    /// logs with ids), so ingest, the workers and PostgreSQL take no part: the gateway's fan-out alone.
    /// </summary>
    private async Task<(long Sent, long SentErrors, double Seconds)> PublishAtRateAsync(string runId, CancellationToken cancellationToken)
    {
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(options.Redis);
        var channel = StackExchange.Redis.RedisChannel.Literal(LogPlatform.Contracts.RedisNames.LiveLogsChannel);
        long sent = 0, sentErrors = 0, nextId = long.MaxValue / 2;
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        while (clock.Elapsed.TotalSeconds < options.DurationSeconds && await timer.WaitForNextTickAsync(cancellationToken))
        {
            var due = (long)(clock.Elapsed.TotalSeconds * options.Rate) - sent;
            if (due <= 0) continue;
            var now = DateTimeOffset.UtcNow;
            var sentUs = now.ToUnixTimeMilliseconds() * 1000 + now.Ticks % TimeSpan.TicksPerMillisecond / 10;
            var logs = new LogPlatform.Contracts.LogEvent[(int)Math.Min(due, 10_000)];
            for (var i = 0; i < logs.Length; i++)
            {
                var line = corpus.Lines[(int)((sent + i) % corpus.Lines.Count)];
                if (line.Level == "error") sentErrors++;
                LogPlatform.Contracts.LogSeverityNames.TryParse(line.Level, out var level);
                using var properties = System.Text.Json.JsonDocument.Parse($"{{\"job_run_id\":\"{runId}\",\"seq\":{sent + i},\"sent_us\":{sentUs}}}");
                logs[i] = new LogPlatform.Contracts.LogEvent
                {
                    Id = ++nextId, Timestamp = now, ReceivedAt = now, Level = level, Message = line.Message, Source = line.Source,
                    Application = line.Application, Properties = properties.RootElement.Clone(),
                };
            }
            await redis.GetSubscriber().PublishAsync(channel,
                System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(logs, LogPlatform.Contracts.ContractsJsonContext.Default.LogEventArray));
            sent += logs.Length;
        }
        return (sent, sentErrors, clock.Elapsed.TotalSeconds);
    }

    /// <summary>One poster, a batch every 10 ms of whatever the rate is owed, so the load is steady rather than bursty.</summary>
    private async Task<(long Sent, long SentErrors, double Seconds)> PostAtRateAsync(string runId, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(options.IngestUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", options.ApiKey);
        var writer = new LogBodyWriter(corpus, runId);
        long sent = 0, sentErrors = 0, refused = 0;
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        while (clock.Elapsed.TotalSeconds < options.DurationSeconds && await timer.WaitForNextTickAsync(cancellationToken))
        {
            var due = (long)(clock.Elapsed.TotalSeconds * options.Rate) - sent;
            if (due <= 0) continue;
            var count = (int)Math.Min(due, 10_000);
            var body = writer.Write(sent, count, sent, DateTimeOffset.UtcNow, out var errors);
            using var content = new ReadOnlyMemoryContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync("/logs", content, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                sent += count;
                sentErrors += errors;
            }
            else if (++refused == 1) Console.WriteLine($"post answered {(int)response.StatusCode}");
        }
        return (sent, sentErrors, clock.Elapsed.TotalSeconds);
    }
}
