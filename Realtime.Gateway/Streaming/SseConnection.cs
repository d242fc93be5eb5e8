using LogPlatform.Contracts;
using Microsoft.Extensions.Options;

namespace Realtime.Gateway.Streaming;

/// <summary>
/// Runs one Server-Sent Events client: logs as <c>log</c> events with their id (so the browser's EventSource resumes
/// with Last-Event-ID), stats as <c>stats</c> events, a comment as keep-alive.
/// </summary>
public sealed class SseConnection(
    ClientRegistry registry, HistoryCatchUp history, GatewayMetrics metrics, IOptions<GatewayOptions> options, TimeProvider time)
{
    private static readonly ReadOnlyMemory<byte> KeepAlive = ": keep-alive\n\n"u8.ToArray();
    private readonly GatewayOptions _settings = options.Value;

    public async Task RunAsync(HttpContext context, StreamKind kind, StreamRequest request)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var aborted = context.RequestAborted;

        var client = new StreamClient(StreamProtocol.Sse, kind, request.Filter, _settings.SendQueueCapacity, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        client.DisconnectTooSlow = () => stop.CancelAsync();

        async Task SendAsync(OutgoingFrame frame)
        {
            var bytes = frame.Bytes;
            for (; bytes.Length > OutgoingFrame.MaxWriteBytes; bytes = bytes[OutgoingFrame.MaxWriteBytes..])
            {
                await response.Body.WriteAsync(bytes[..OutgoingFrame.MaxWriteBytes], stop.Token);
                await response.Body.FlushAsync(stop.Token);
            }
            await response.Body.WriteAsync(bytes, stop.Token);
            await response.Body.FlushAsync(stop.Token);
            client.MarkSent();
            metrics.Sent(client);
        }

        var catchingUp = client.WantsLogs && request.WantsHistory;
        if (catchingUp) client.BeginCatchUp();
        registry.Add(client);
        try
        {
            await response.Body.WriteAsync("retry: 3000\n\n"u8.ToArray(), stop.Token);
            if (catchingUp) await history.SendAsync(client, request, _settings.MaxHistory, SendAsync, time, stop.Token);
            if (client.WantsStats && registry.LatestStats is { } stats)
            {
                await SendAsync(EnvelopeWriter.RawData(EnvelopeTypes.StatsUpdate, stats.Span, StreamProtocol.Sse, time.GetUtcNow(), "stats"));
            }
            await response.Body.FlushAsync(stop.Token);

            while (!stop.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                wait.CancelAfter(_settings.HeartbeatInterval);
                bool more;
                try
                {
                    more = await client.Outgoing.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    await response.Body.WriteAsync(KeepAlive, stop.Token);
                    await response.Body.FlushAsync(stop.Token);
                    continue;
                }
                if (!more) break;

                while (client.Outgoing.TryRead(out var frame))
                {
                    var dropped = client.TakeUnreportedDrops();
                    if (dropped > 0)
                    {
                        metrics.Dropped(client, dropped);
                        await SendAsync(EnvelopeWriter.Control(EnvelopeTypes.Dropped, StreamProtocol.Sse, time.GetUtcNow(), json =>
                        {
                            json.WriteNumber("count", dropped);
                            json.WriteNumber("total", client.Dropped);
                        }));
                    }
                    await SendAsync(frame);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client went away, or was too slow.
        }
        finally
        {
            registry.Remove(client);
        }
    }
}
