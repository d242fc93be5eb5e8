using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using LogPlatform.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// A stand-in gateway for the browser tests: a Kestrel WebSocket endpoint speaking the envelope contract (as
/// <c>GatewayStreamClientTests</c> does) plus the REST reads the pages make, over logs the test puts in
/// <see cref="Stored"/>. <see cref="Pump"/> streams generated logs to every connected session at a given rate.
/// </summary>
public sealed class StandInGateway : IAsyncDisposable
{
    private readonly ConcurrentDictionary<WebSocket, (SemaphoreSlim Gate, LogFilter Filter)> _sockets = new();
    private readonly ConcurrentQueue<string> _streamQueries = new();
    private WebApplication _app = null!;
    private long _nextId = 1_000_000;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>What the logs API serves (newest first), for the search, details and scope pages.</summary>
    public ConcurrentDictionary<long, LogEvent> Stored { get; } = new();

    /// <summary>The query string of every stream connection, newest last (the stream filter the dashboard asked for).</summary>
    public IReadOnlyCollection<string> StreamQueries => _streamQueries;

    public int Connected => _sockets.Count;

    public static async Task<StandInGateway> StartAsync()
    {
        var gateway = new StandInGateway();
        await gateway.StartCoreAsync();
        return gateway;
    }

    private async Task StartCoreAsync()
    {
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.UseWebSockets();
        _app.MapGet("/api/v1/stats/history", () => Results.Text("[]", "application/json"));
        _app.MapGet("/api/v1/alerts", () => Results.Text("[]", "application/json"));
        _app.MapGet("/api/v1/logs/{id:long}", (long id) => Stored.TryGetValue(id, out var log)
            ? Results.Text(JsonSerializer.Serialize(log, ContractsJsonContext.Default.LogEvent), "application/json")
            : Results.NotFound());
        _app.MapGet("/api/v1/logs", (HttpContext context) =>
        {
            var page = Matching(context.Request.Query).ToArray();
            return Results.Text("{\"items\":" + JsonSerializer.Serialize(page, ContractsJsonContext.Default.LogEventArray) + "}", "application/json");
        });
        _app.MapGet("/api/v1/logs/export", (HttpContext context) =>
            Results.Text(string.Concat(Matching(context.Request.Query).Select(l => l.Message + "\n")), "text/plain"));
        _app.Map("/ws", async (HttpContext context) =>
        {
            _streamQueries.Enqueue(context.Request.QueryString.Value ?? "");
            var filter = FilterOf(context.Request.Query);
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var gate = new SemaphoreSlim(1, 1);
            // As the gateway: replay stored matches after after_id (or the newest history=N), then live.
            var replay = Stored.Values.Where(filter.Matches).OrderBy(l => l.Id).ToList();
            if (long.TryParse(context.Request.Query["after_id"], out var afterId)) replay = replay.Where(l => l.Id > afterId).ToList();
            else if (int.TryParse(context.Request.Query["history"], out var history)) replay = replay.TakeLast(history).ToList();
            else replay.Clear();
            if (replay.Count > 0) await SendAsync(socket, LogsMessage(replay));
            _sockets[socket] = (gate, filter);
            try
            {
                var buffer = new byte[512];
                while (!context.RequestAborted.IsCancellationRequested)
                {
                    var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
                    if (result.MessageType == WebSocketMessageType.Close) break;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
                // the session went away or the stand-in is stopping
            }
            finally
            {
                _sockets.TryRemove(socket, out _);
            }
        });
        await _app.StartAsync();
        BaseUri = new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary>Stored logs matching the query's filter, read by the contract's own <see cref="LogFilter"/> (properties included).</summary>
    private IEnumerable<LogEvent> Matching(IQueryCollection query)
    {
        var filter = FilterOf(query);
        return Stored.Values.Where(filter.Matches).OrderByDescending(l => l.Id);
    }

    private static readonly HashSet<string> Honoured = new(["offset", "page"], StringComparer.OrdinalIgnoreCase);

    private static LogFilter FilterOf(IQueryCollection query)
        => LogFilter.TryParse(query.Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString())), Honoured, out var filter, out var error)
            ? filter
            : throw new InvalidOperationException($"The dashboard sent a filter the gateway refuses: {error}");

    /// <summary>Sends logs to every connected stream session whose filter they match (and keeps them for the REST reads).</summary>
    public async Task SendLogsAsync(IReadOnlyList<LogEvent> logs, bool store = false)
    {
        if (store) foreach (var log in logs) Stored[log.Id] = log;
        foreach (var (socket, (gate, filter)) in _sockets)
        {
            var matching = filter.IsEmpty ? logs : logs.Where(filter.Matches).ToList();
            if (matching.Count == 0) continue;
            await SendAsync(socket, gate, LogsMessage(matching));
        }
    }

    private static byte[] LogsMessage(IReadOnlyList<LogEvent> logs)
        => JsonSerializer.SerializeToUtf8Bytes(new Envelope<LogEvent[]>(EnvelopeTypes.Logs, [.. logs], DateTimeOffset.UtcNow),
            ContractsJsonContext.Default.EnvelopeLogEventArray);

    public async Task SendStatsAsync(LiveStats stats)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new Envelope<LiveStats>(EnvelopeTypes.StatsUpdate, stats, DateTimeOffset.UtcNow),
            ContractsJsonContext.Default.EnvelopeLiveStats);
        foreach (var (socket, (gate, _)) in _sockets) await SendAsync(socket, gate, bytes);
    }

    /// <summary>
    /// Streams generated logs at <paramref name="perSecond"/> (in 20 ms batches, catching up on any tick that ran late)
    /// until the returned handle is disposed.
    /// </summary>
    public IAsyncDisposable Pump(int perSecond)
    {
        var stop = new CancellationTokenSource();
        var task = Task.Run(async () =>
        {
            var clock = Stopwatch.StartNew();
            long sent = 0;
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    var due = (long)(clock.Elapsed.TotalSeconds * perSecond) - sent;
                    if (due <= 0) continue;
                    var batch = new LogEvent[due];
                    for (var i = 0; i < batch.Length; i++) batch[i] = Generated(Interlocked.Increment(ref _nextId));
                    await SendLogsAsync(batch);
                    sent += due;
                }
            }
            catch (OperationCanceledException)
            {
                // stopped
            }
        });
        return new PumpHandle(stop, task);
    }

    private static readonly LogSeverity[] Levels = [LogSeverity.Info, LogSeverity.Info, LogSeverity.Info, LogSeverity.Debug, LogSeverity.Warn, LogSeverity.Error];

    private static LogEvent Generated(long id) => new()
    {
        Id = id,
        Timestamp = DateTimeOffset.UtcNow,
        ReceivedAt = DateTimeOffset.UtcNow,
        Level = Levels[id % Levels.Length],
        Source = "load-" + (id % 7),
        Application = "pump",
        Message = $"request {id} handled in {id % 997} ms for tenant {id % 31} on shard {id % 5}, cache {(id % 3 == 0 ? "miss" : "hit")}",
    };

    private static Task SendAsync(WebSocket socket, byte[] bytes) => socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task SendAsync(WebSocket socket, SemaphoreSlim gate, byte[] bytes)
    {
        await gate.WaitAsync();
        try
        {
            if (socket.State == WebSocketState.Open) await SendAsync(socket, bytes);
        }
        catch (WebSocketException)
        {
            // the session went away mid-send
        }
        finally
        {
            gate.Release();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }

    private sealed class PumpHandle(CancellationTokenSource stop, Task task) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await task;
            stop.Dispose();
        }
    }
}
