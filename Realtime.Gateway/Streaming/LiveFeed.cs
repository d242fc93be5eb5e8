using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using LogPlatform.Contracts;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Realtime.Gateway.Streaming;

/// <summary>
/// The replica's one subscription to the live channels. Pub/sub fans out to every gateway replica; each replica fans out
/// to its own clients through the <see cref="ClientRegistry"/>. Log batches that arrive within
/// <see cref="GatewayOptions.LiveWindow"/> of each other go out together: with many clients the cost is per message
/// sent, and the workers publish many small batches at moderate rates.
/// </summary>
public sealed class LiveFeed(
    IConnectionMultiplexer redis, ClientRegistry registry, IOptions<GatewayOptions> options, TimeProvider time, ILogger<LiveFeed> logger)
    : BackgroundService
{
    /// <summary>A window is cut into frames of at most this many logs (a worker's own batch is never split).</summary>
    public const int MaxLogsPerWindow = 2_000;

    private readonly Channel<(long Arrival, byte[] Payload)> _arrived =
        Channel.CreateUnbounded<(long, byte[])>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var subscriber = redis.GetSubscriber();
        // Sequential queues keep each channel's messages in publish order.
        var logs = await subscriber.SubscribeAsync(RedisChannel.Literal(RedisNames.LiveLogsChannel));
        logs.OnMessage(message => Relay(message, OnLogs));
        var stats = await subscriber.SubscribeAsync(RedisChannel.Literal(RedisNames.LiveStatsChannel));
        stats.OnMessage(message => Relay(message, bytes => registry.PublishStats(bytes)));
        var alerts = await subscriber.SubscribeAsync(RedisChannel.Literal(RedisNames.LiveAlertsChannel));
        alerts.OnMessage(message => Relay(message, bytes => registry.PublishAlert(bytes)));
        var anomalies = await subscriber.SubscribeAsync(RedisChannel.Literal(RedisNames.LiveAnomaliesChannel));
        anomalies.OnMessage(message => Relay(message, bytes => registry.PublishAnomaly(bytes)));

        logger.LogInformation("Relaying {Logs}, {Stats}, {Alerts} and {Anomalies} to stream clients", RedisNames.LiveLogsChannel,
            RedisNames.LiveStatsChannel, RedisNames.LiveAlertsChannel, RedisNames.LiveAnomaliesChannel);
        try
        {
            await FanOutAsync(options.Value.LiveWindow, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
        await subscriber.UnsubscribeAllAsync();
    }

    private void OnLogs(byte[] payload)
    {
        // Decoding costs about 5 µs per log (bench/README.md); with nobody listening that is all waste.
        if (registry.IsEmpty) return;
        _arrived.Writer.TryWrite((registry.NumberArrival(), payload));
    }

    private async Task FanOutAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        var batches = new List<LiveBatch>();
        while (await _arrived.Reader.WaitToReadAsync(cancellationToken))
        {
            if (window > TimeSpan.Zero) await Task.Delay(window, time, cancellationToken);
            var logCount = 0;
            while (_arrived.Reader.TryRead(out var item))
            {
                if (Decode(item.Payload) is not { Length: > 0 } logs) continue;
                batches.Add(new LiveBatch(item.Arrival, logs));
                logCount += logs.Length;
                if (logCount < MaxLogsPerWindow) continue;
                Publish(batches, logCount);
                logCount = 0;
            }
            Publish(batches, logCount);
        }
    }

    private LogEvent[]? Decode(byte[] payload)
    {
        try
        {
            return JsonSerializer.Deserialize(payload, ContractsJsonContext.Default.LogEventArray);
        }
        catch (JsonException ex)
        {
            // One malformed message must not end the feed for every client.
            logger.LogWarning(ex, "Skipped a malformed message on {Channel}", RedisNames.LiveLogsChannel);
            return null;
        }
    }

    /// <summary>Fans out the batches (<paramref name="logCount"/> logs in all) and empties the list for the next window.</summary>
    private void Publish(List<LiveBatch> batches, int logCount)
    {
        if (batches.Count == 0) return;
        using (var activity = StartFanOut(batches))
        {
            activity?.SetTag("logplatform.batch.size", logCount);
            activity?.SetTag("logplatform.window.batches", batches.Count);
            try
            {
                registry.PublishLogs(batches);
            }
            catch (Exception ex)
            {
                // Keep the feed alive for every other window; the clients miss these logs, and the error says so.
                logger.LogError(ex, "Fan-out of {Count} live logs failed", logCount);
            }
        }
        batches.Clear();
    }

    /// <summary>
    /// The fan-out span joins the trace each log arrived in (ingest gives every log its request's trace): child of the
    /// first log's, linked to the others', so one log's trace runs from ingest through the worker to the gateway.
    /// </summary>
    private static Activity? StartFanOut(List<LiveBatch> batches)
    {
        if (!GatewayMetrics.ActivitySource.HasListeners()) return null;
        var traces = new List<ActivityContext>();
        string? previous = null;
        foreach (var log in batches.SelectMany(b => b.Logs))
        {
            // Logs of one ingest request are adjacent and share their trace: compare with the last one only.
            if (log.TraceId is not { Length: 32 } traceId || log.SpanId is not { Length: 16 } spanId || traceId == previous) continue;
            previous = traceId;
            if (ActivityContext.TryParse($"00-{traceId}-{spanId}-01", null, out var context)) traces.Add(context);
            if (traces.Count > 32) break;
        }
        return GatewayMetrics.ActivitySource.StartActivity("fan-out logs", ActivityKind.Consumer,
            traces.Count > 0 ? traces[0] : default, links: traces.Skip(1).Select(c => new ActivityLink(c)));
    }

    private void Relay(ChannelMessage message, Action<byte[]> handle)
    {
        try
        {
            handle((byte[])message.Message!);
        }
        catch (Exception ex)
        {
            // One malformed message must not end the subscription for every client.
            logger.LogWarning(ex, "Skipped a malformed message on {Channel}", message.Channel);
        }
    }
}
