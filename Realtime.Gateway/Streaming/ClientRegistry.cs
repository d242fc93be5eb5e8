using System.Collections.Concurrent;
using System.Text.Json;
using LogPlatform.Contracts;

namespace Realtime.Gateway.Streaming;

/// <summary>
/// The connected clients of this gateway replica, and the fan-out: each window of live batches is filtered and serialised
/// once per distinct (filter, protocol), then queued to every client that shares it.
/// </summary>
public sealed class ClientRegistry(TimeProvider time, GatewayMetrics metrics, RecentActivity activity)
{
    private readonly ConcurrentDictionary<long, StreamClient> _clients = new();
    private LiveStatsUpdate? _latestStats;
    private long _arrivals;

    public ICollection<StreamClient> Clients => _clients.Values;

    /// <summary>No client connected: a published batch need not even be decoded.</summary>
    public bool IsEmpty => _clients.IsEmpty;

    /// <summary>The last stats published, sent to a stats client as soon as it connects.</summary>
    /// <remarks>Null until the first stats arrive.</remarks>
    public LiveStatsUpdate? LatestStats => Volatile.Read(ref _latestStats);

    public void Add(StreamClient client)
    {
        client.JoinedAfterArrival = Interlocked.Read(ref _arrivals);
        _clients[client.Id] = client;
        metrics.Connected(client);
    }

    public void Remove(StreamClient client)
    {
        if (_clients.TryRemove(client.Id, out _))
        {
            client.Complete();
            metrics.Disconnected(client);
        }
    }

    /// <summary>
    /// Numbers a live batch as it arrives. A client is sent only the batches numbered after it joined: those before were
    /// committed before it connected, so they are in its history if it asked for one, and must not follow that history.
    /// </summary>
    public long NumberArrival() => Interlocked.Increment(ref _arrivals);

    /// <summary>
    /// Fans out the live batches that arrived within one window (in arrival order): the matching logs and the serialised
    /// frame are computed once per distinct (filter, format, protocol), then queued to every client that shares them.
    /// </summary>
    public void PublishLogs(IReadOnlyList<LiveBatch> window)
    {
        if (window.Count == 0) return;
        var now = time.GetUtcNow();
        var (first, last) = (window[0].Arrival, window[^1].Arrival);
        var logs = LogsArrivedAfter(window, first - 1);
        var lowestId = LowestId(logs);
        activity.LogsSeen(window);
        var matches = new Dictionary<LogFilter, IReadOnlyList<LogEvent>>();
        var frames = new Dictionary<(LogFilter, StreamFormat, StreamProtocol), OutgoingFrame?>();
        foreach (var client in _clients.Values)
        {
            if (!client.WantsLogs || client.JoinedAfterArrival >= last) continue;
            var filter = client.Filter;
            if (client.JoinedAfterArrival >= first)
            {
                // Joined while this window was open (rare): only what arrived after it, in a frame of its own.
                var since = LogsArrivedAfter(window, client.JoinedAfterArrival);
                var own = Match(filter, since);
                if (!HandledAlone(client, own, LowestId(since), now)) client.Enqueue(client.Format.Logs(own, client.Protocol, now));
                continue;
            }

            if (!matches.TryGetValue(filter, out var matched)) matches[filter] = matched = Match(filter, logs);
            if (HandledAlone(client, matched, lowestId, now)) continue;
            var key = (filter, client.Format, client.Protocol);
            if (!frames.TryGetValue(key, out var frame)) frames[key] = frame = client.Format.Logs(matched, client.Protocol, now);
            client.Enqueue(frame);
        }
    }

    /// <summary>
    /// True when the client needs no shared frame: nothing matched, it is catching up (the logs are held for it), or some
    /// of the logs reached it already (committed before its history or its previous connection read them, published
    /// after): then the rest, for it alone.
    /// </summary>
    private static bool HandledAlone(StreamClient client, IReadOnlyList<LogEvent> matched, long lowestId, DateTimeOffset now)
    {
        if (matched.Count == 0 || client.TryHoldForCatchUp(matched)) return true;
        if (client.AboveCatchUp(matched, lowestId) is not { } fresh) return false;
        if (fresh.Count > 0) client.Enqueue(client.Format.Logs(fresh, client.Protocol, now));
        return true;
    }

    private static IReadOnlyList<LogEvent> Match(LogFilter filter, IReadOnlyList<LogEvent> logs)
        => filter.IsEmpty ? logs : logs.Where(filter.Matches).ToList();

    private static IReadOnlyList<LogEvent> LogsArrivedAfter(IReadOnlyList<LiveBatch> window, long arrival)
    {
        if (window.Count == 1 && window[0].Arrival > arrival) return window[0].Logs;
        var logs = new List<LogEvent>();
        foreach (var batch in window)
        {
            if (batch.Arrival > arrival) logs.AddRange(batch.Logs);
        }
        return logs;
    }

    private static long LowestId(IReadOnlyList<LogEvent> logs)
    {
        var lowest = long.MaxValue;
        foreach (var log in logs) lowest = Math.Min(lowest, log.Id);
        return lowest;
    }

    public void PublishStats(byte[] statsJson)
    {
        var stats = new LiveStatsUpdate(statsJson, JsonSerializer.Deserialize(statsJson, ContractsJsonContext.Default.LiveStats)!, activity.Snapshot());
        Volatile.Write(ref _latestStats, stats);
        Broadcast(c => c.WantsStats, (format, protocol, now) => format.Stats(stats, protocol, now));
    }

    public void PublishAlert(byte[] alertJson)
    {
        using var document = JsonDocument.Parse(alertJson);
        var alert = new LiveAlert(alertJson, alertJson.AsSpan().IndexOf("\"system\""u8) >= 0, document.RootElement.Clone());
        Broadcast(c => c.WantsAlerts, (format, protocol, now) => format.Alert(alert, protocol, now));
    }

    public void PublishAnomaly(byte[] anomalyJson)
    {
        var anomaly = new LiveAnomaly(anomalyJson, JsonSerializer.Deserialize(anomalyJson, ContractsJsonContext.Default.Anomaly)!);
        activity.AnomalySeen();
        Broadcast(c => c.WantsAnomalies, (format, protocol, now) => format.Anomaly(anomaly, protocol, now));
    }

    /// <summary>Formats the message once per (format, protocol) among the clients that want it, and queues it to each.</summary>
    private void Broadcast(Func<StreamClient, bool> wants, Func<StreamFormat, StreamProtocol, DateTimeOffset, OutgoingFrame?> format)
    {
        var now = time.GetUtcNow();
        var frames = new Dictionary<(StreamFormat, StreamProtocol), OutgoingFrame?>();
        foreach (var client in _clients.Values)
        {
            if (!wants(client)) continue;
            var key = (client.Format, client.Protocol);
            if (!frames.TryGetValue(key, out var frame)) frames[key] = frame = format(client.Format, client.Protocol, now);
            client.Enqueue(frame);
        }
    }
}
