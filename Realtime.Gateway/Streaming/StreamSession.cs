using System.Net.WebSockets;
using System.Text.Json;
using LogPlatform.Contracts;
using Microsoft.Extensions.Options;

namespace Realtime.Gateway.Streaming;

/// <summary>
/// Runs one stream client over any transport, in the order the resume guarantees depend on: registered (live logs held)
/// before the history is read, then the history, the held logs and the latest stats, then a send loop draining its queue
/// (with a notice of what was dropped) beside a receive loop for its messages (<c>ping</c>, <c>set_filter</c>).
/// </summary>
public sealed class StreamSession(
    ClientRegistry registry, HistoryCatchUp history, GatewayMetrics metrics, IOptions<GatewayOptions> options,
    TimeProvider time, ILogger<StreamSession> logger)
{
    private readonly GatewayOptions _settings = options.Value;

    public async Task RunAsync(IStreamTransport transport, StreamKind kind, StreamFormat format, StreamRequest request, CancellationToken aborted)
    {
        var client = new StreamClient(transport.Protocol, kind, request.Filter, _settings.SendQueueCapacity, time, format);
        using var sendLock = new SemaphoreSlim(1, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        client.DisconnectTooSlow = async () =>
        {
            await transport.CloseTooSlowAsync(client);
            try
            {
                await stop.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // The session ended meanwhile.
            }
        };

        async Task SendAsync(OutgoingFrame frame)
        {
            await sendLock.WaitAsync(stop.Token);
            try
            {
                await transport.SendAsync(frame, stop.Token);
                client.MarkSent();
                metrics.Sent(client);
            }
            finally
            {
                sendLock.Release();
            }
        }

        var catchingUp = client.WantsLogs && request.WantsHistory;
        if (catchingUp) client.BeginCatchUp();
        registry.Add(client);
        try
        {
            await transport.StartAsync(stop.Token);
            if (transport.Protocol == StreamProtocol.WebSocket && format.Connected(Describe(client), time.GetUtcNow()) is { } hello)
            {
                await SendAsync(hello);
            }
            if (catchingUp) await history.SendAsync(client, request, _settings.MaxHistory, SendAsync, time, stop.Token);
            if (client.WantsStats && registry.LatestStats is { } stats && format.Stats(stats, client.Protocol, time.GetUtcNow()) is { } latest)
            {
                await SendAsync(latest);
            }

            var sending = SendLoopAsync(transport, client, SendAsync, stop.Token);
            var receiving = ReceiveLoopAsync(transport, client, SendAsync, stop.Token);
            await Task.WhenAny(sending, receiving);
            await stop.CancelAsync();
            await Task.WhenAll(sending.ContinueWith(_ => { }), receiving.ContinueWith(_ => { }));
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            logger.LogDebug("Client {ClientId} went away: {Reason}", client.Id, ex.Message);
        }
        finally
        {
            registry.Remove(client);
            transport.Abort();
        }
    }

    private StreamGreeting Describe(StreamClient client) => new(
        client.Id, client.Kind, client.Filter, client.Format.Name, _settings.HeartbeatInterval, _settings.MaxClientMessageBytes);

    private async Task SendLoopAsync(IStreamTransport transport, StreamClient client, Func<OutgoingFrame, Task> send, CancellationToken cancellationToken)
    {
        while (await WaitForFramesAsync(transport, client, cancellationToken))
        {
            while (client.Outgoing.TryRead(out var frame))
            {
                var dropped = client.TakeUnreportedDrops();
                if (dropped > 0)
                {
                    metrics.Dropped(client, dropped);
                    if (client.IsTooSlow(_settings.SlowClientTimeout))
                    {
                        await transport.CloseTooSlowAsync(client);
                        return;
                    }
                    if (client.Format.Dropped(dropped, client.Dropped, null, client.Protocol, time.GetUtcNow()) is { } notice) await send(notice);
                }
                await send(frame);
            }
        }
    }

    /// <summary>False when the queue is complete; on a transport that needs it, a keep-alive after each idle interval.</summary>
    private static async Task<bool> WaitForFramesAsync(IStreamTransport transport, StreamClient client, CancellationToken cancellationToken)
    {
        if (transport.KeepAliveInterval is not { } interval) return await client.Outgoing.WaitToReadAsync(cancellationToken);
        while (true)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(interval);
            try
            {
                return await client.Outgoing.WaitToReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await transport.SendKeepAliveAsync(cancellationToken);
            }
        }
    }

    private async Task ReceiveLoopAsync(IStreamTransport transport, StreamClient client, Func<OutgoingFrame, Task> send, CancellationToken cancellationToken)
    {
        while (await transport.ReceiveAsync(cancellationToken) is { } input)
        {
            var reply = input.TooLarge
                ? client.Format.Error($"Messages are limited to {_settings.MaxClientMessageBytes} bytes.", time.GetUtcNow())
                : Handle(client, input.Message.Span);
            if (reply is not null) await send(reply);
        }
    }

    private OutgoingFrame? Handle(StreamClient client, ReadOnlySpan<byte> message)
    {
        var format = client.Format;
        var trimmed = message.Trim(" \r\n\t"u8);
        if (trimmed.SequenceEqual("ping"u8)) return format.Pong(plainText: true, time.GetUtcNow());

        ClientMessage? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(trimmed, GatewayJsonContext.Default.ClientMessage);
        }
        catch (JsonException ex)
        {
            return format.Error($"Not a valid message: {ex.Message}", time.GetUtcNow());
        }

        switch (parsed?.Type)
        {
            case "ping":
                return format.Pong(plainText: false, time.GetUtcNow());
            case "set_filter":
                var pairs = (parsed.Filter ?? []).Select(p => KeyValuePair.Create(p.Key, (string?)FilterValue(p.Value)));
                if (!LogFilter.TryParse(pairs, out var filter, out var error)) return format.Error(error!.Message, time.GetUtcNow());
                client.Filter = filter;
                return format.FilterUpdated(filter, time.GetUtcNow());
            default:
                return format.Error("Unknown message type; expected \"ping\" or \"set_filter\".", time.GetUtcNow());
        }
    }

    private static string? FilterValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Array => string.Join(',', value.EnumerateArray().Select(v => v.ToString())),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };
}
