using System.Collections.Concurrent;
using LogPlatform.Contracts;

namespace Realtime.Gateway.Streaming;

/// <summary>
/// The connected clients of this gateway replica, and the fan-out: each live batch is filtered and serialised once per
/// distinct (filter, protocol), then queued to every client that shares it.
/// </summary>
public sealed class ClientRegistry(TimeProvider time, GatewayMetrics metrics)
{
    private readonly ConcurrentDictionary<long, StreamClient> clients = new();
    private byte[]? latestStats;

    public ICollection<StreamClient> Clients => clients.Values;

    /// <summary>No client connected: a published batch need not even be decoded.</summary>
    public bool IsEmpty => clients.IsEmpty;

    /// <summary>The last stats published, sent to a stats client as soon as it connects.</summary>
    /// <remarks>Null until the first stats arrive (a null byte[] would otherwise convert to an empty, non-null memory).</remarks>
    public ReadOnlyMemory<byte>? LatestStats
    {
        get
        {
            var stats = Volatile.Read(ref latestStats);
            if (stats is null) return null;
            return stats;
        }
    }

    public void Add(StreamClient client)
    {
        clients[client.Id] = client;
        metrics.Connected(client);
    }

    public void Remove(StreamClient client)
    {
        if (clients.TryRemove(client.Id, out _))
        {
            client.Complete();
            metrics.Disconnected(client);
        }
    }

    public void PublishLogs(LogEvent[] batch)
    {
        var now = time.GetUtcNow();
        // Per batch, not per client: the matched logs and the serialised frame for each distinct (filter, protocol).
        var matches = new Dictionary<LogFilter, List<LogEvent>>();
        var frames = new Dictionary<(LogFilter, StreamProtocol), OutgoingFrame>();
        var lowestId = long.MaxValue;
        foreach (var log in batch) lowestId = Math.Min(lowestId, log.Id);
        foreach (var client in clients.Values)
        {
            if (!client.WantsLogs) continue;
            var filter = client.Filter;
            if (!matches.TryGetValue(filter, out var matched))
            {
                matched = filter.IsEmpty ? [.. batch] : batch.Where(filter.Matches).ToList();
                matches[filter] = matched;
            }
            if (matched.Count == 0 || client.TryHoldForCatchUp(matched)) continue;
            if (client.WithoutHistoryRepeats(matched, lowestId) is { } fresh)
            {
                // Some of these reached the client in its history (committed before it was read, published after): the rest, for it alone.
                if (fresh.Count > 0) client.Enqueue(EnvelopeWriter.Logs(fresh, client.Protocol, now));
                continue;
            }

            if (!frames.TryGetValue((filter, client.Protocol), out var frame))
            {
                frame = EnvelopeWriter.Logs(matched, client.Protocol, now);
                frames[(filter, client.Protocol)] = frame;
            }
            client.Enqueue(frame);
        }
    }

    public void PublishStats(byte[] statsJson)
    {
        Volatile.Write(ref latestStats, statsJson);
        Broadcast(c => c.WantsStats, EnvelopeTypes.StatsUpdate, statsJson, "stats");
    }

    public void PublishAlert(byte[] alertJson)
    {
        var type = alertJson.AsSpan().IndexOf("\"system\""u8) >= 0 ? EnvelopeTypes.SystemAlert : EnvelopeTypes.Alert;
        Broadcast(c => c.WantsAlerts, type, alertJson, "alert");
    }

    private void Broadcast(Func<StreamClient, bool> wants, string type, byte[] json, string sseEvent)
    {
        var now = time.GetUtcNow();
        OutgoingFrame? ws = null, sse = null;
        foreach (var client in clients.Values)
        {
            if (!wants(client)) continue;
            var frame = client.Protocol == StreamProtocol.WebSocket
                ? ws ??= EnvelopeWriter.RawData(type, json, StreamProtocol.WebSocket, now, sseEvent)
                : sse ??= EnvelopeWriter.RawData(type, json, StreamProtocol.Sse, now, sseEvent);
            client.Enqueue(frame);
        }
    }
}
