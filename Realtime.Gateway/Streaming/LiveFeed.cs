using System.Diagnostics;
using System.Text.Json;
using LogPlatform.Contracts;
using StackExchange.Redis;

namespace Realtime.Gateway.Streaming;

/// <summary>
/// The replica's one subscription to the live channels. Pub/sub fans out to every gateway replica; each replica fans out
/// to its own clients through the <see cref="ClientRegistry"/>.
/// </summary>
public sealed class LiveFeed(IConnectionMultiplexer redis, ClientRegistry registry, ILogger<LiveFeed> logger) : BackgroundService
{
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

        logger.LogInformation("Relaying {Logs}, {Stats} and {Alerts} to stream clients", RedisNames.LiveLogsChannel, RedisNames.LiveStatsChannel, RedisNames.LiveAlertsChannel);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
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
        var batch = JsonSerializer.Deserialize(payload, ContractsJsonContext.Default.LogEventArray);
        if (batch is not { Length: > 0 }) return;
        using var activity = StartFanOut(batch);
        activity?.SetTag("logplatform.batch.size", batch.Length);
        registry.PublishLogs(batch);
    }

    /// <summary>
    /// The fan-out span joins the trace each log arrived in (ingest gives every log its request's trace): child of the
    /// first log's, linked to the others', so one log's trace runs from ingest through the worker to the gateway.
    /// </summary>
    private static Activity? StartFanOut(LogEvent[] batch)
    {
        if (!GatewayMetrics.ActivitySource.HasListeners()) return null;
        var traces = new List<ActivityContext>();
        string? previous = null;
        foreach (var log in batch)
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
