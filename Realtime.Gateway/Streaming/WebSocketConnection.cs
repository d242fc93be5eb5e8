using System.Net.WebSockets;
using System.Text.Json;
using LogPlatform.Contracts;
using Microsoft.Extensions.Options;

namespace Realtime.Gateway.Streaming;

/// <summary>
/// Runs one WebSocket client: history, then a send loop draining its queue and a receive loop for its messages
/// (<c>ping</c>, <c>set_filter</c>), until either side ends.
/// </summary>
public sealed class WebSocketConnection(
    ClientRegistry registry, HistoryCatchUp history, GatewayMetrics metrics, IOptions<GatewayOptions> options,
    TimeProvider time, ILogger<WebSocketConnection> logger)
{
    private readonly GatewayOptions _settings = options.Value;

    public async Task RunAsync(WebSocket socket, StreamKind kind, StreamRequest request, CancellationToken aborted)
    {
        var client = new StreamClient(StreamProtocol.WebSocket, kind, request.Filter, _settings.SendQueueCapacity, time);
        client.DisconnectTooSlow = () => CloseTooSlowAsync(socket, client);
        using var sendLock = new SemaphoreSlim(1, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);

        async Task SendAsync(OutgoingFrame frame)
        {
            await sendLock.WaitAsync(stop.Token);
            try
            {
                var bytes = frame.Bytes;
                for (; bytes.Length > OutgoingFrame.MaxWriteBytes; bytes = bytes[OutgoingFrame.MaxWriteBytes..])
                {
                    await socket.SendAsync(bytes[..OutgoingFrame.MaxWriteBytes], WebSocketMessageType.Text, endOfMessage: false, stop.Token);
                }
                await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, stop.Token);
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
            await SendAsync(EnvelopeWriter.Control(EnvelopeTypes.ConnectionEstablished, client.Protocol, time.GetUtcNow(), json =>
            {
                json.WriteNumber("connection_id", client.Id);
                json.WriteString("stream", kind.ToString().ToLowerInvariant());
                json.WriteString("filter", client.Filter.ToString());
                json.WriteNumber("heartbeat_interval_seconds", _settings.HeartbeatInterval.TotalSeconds);
                json.WriteNumber("max_message_bytes", _settings.MaxClientMessageBytes);
            }));
            if (catchingUp)
            {
                await history.SendAsync(client, request, _settings.MaxHistory, SendAsync, time, stop.Token);
            }
            if (client.WantsStats && registry.LatestStats is { } stats)
            {
                await SendAsync(EnvelopeWriter.RawData(EnvelopeTypes.StatsUpdate, stats.Span, client.Protocol, time.GetUtcNow(), "stats"));
            }

            var sending = SendLoopAsync(socket, client, SendAsync, stop.Token);
            var receiving = ReceiveLoopAsync(socket, client, SendAsync, stop.Token);
            await Task.WhenAny(sending, receiving);
            await stop.CancelAsync();
            await Task.WhenAll(sending.ContinueWith(_ => { }), receiving.ContinueWith(_ => { }));
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            logger.LogDebug("Client {ClientId} went away: {Reason}", client.Id, ex.Message);
        }
        finally
        {
            registry.Remove(client);
            if (socket.State == WebSocketState.Open) socket.Abort();
        }
    }

    private async Task SendLoopAsync(WebSocket socket, StreamClient client, Func<OutgoingFrame, Task> send, CancellationToken cancellationToken)
    {
        await foreach (var frame in client.Outgoing.ReadAllAsync(cancellationToken))
        {
            var dropped = client.TakeUnreportedDrops();
            if (dropped > 0)
            {
                metrics.Dropped(client, dropped);
                if (client.IsTooSlow(_settings.SlowClientTimeout))
                {
                    await CloseTooSlowAsync(socket, client);
                    return;
                }
                await send(EnvelopeWriter.Control(EnvelopeTypes.Dropped, client.Protocol, time.GetUtcNow(), json =>
                {
                    json.WriteNumber("count", dropped);
                    json.WriteNumber("total", client.Dropped);
                }));
            }
            await send(frame);
        }
    }

    /// <summary>Closes a client that has been losing messages for too long, with a reason; it can reconnect with after_id.</summary>
    public static async Task CloseTooSlowAsync(WebSocket socket, StreamClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, $"Client too slow: {client.Dropped} logs dropped. Reconnect with after_id.", timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            socket.Abort();
        }
    }

    private async Task ReceiveLoopAsync(WebSocket socket, StreamClient client, Func<OutgoingFrame, Task> send, CancellationToken cancellationToken)
    {
        var buffer = new byte[_settings.MaxClientMessageBytes];
        while (socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "Bye", cancellationToken);
                return;
            }

            var length = result.Count;
            var tooLarge = false;
            while (!result.EndOfMessage)
            {
                // Read and discard the rest; the connection stays open.
                tooLarge = true;
                result = await socket.ReceiveAsync(buffer, cancellationToken);
            }

            var reply = tooLarge
                ? Error($"Messages are limited to {_settings.MaxClientMessageBytes} bytes.")
                : Handle(client, buffer.AsSpan(0, length));
            if (reply is not null) await send(reply);
        }
    }

    private OutgoingFrame? Handle(StreamClient client, ReadOnlySpan<byte> message)
    {
        var trimmed = message.Trim(" \r\n\t"u8);
        if (trimmed.SequenceEqual("ping"u8)) return Pong();

        ClientMessage? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(trimmed, GatewayJsonContext.Default.ClientMessage);
        }
        catch (JsonException ex)
        {
            return Error($"Not a valid message: {ex.Message}");
        }

        switch (parsed?.Type)
        {
            case "ping":
                return Pong();
            case "set_filter":
                var pairs = (parsed.Filter ?? []).Select(p => KeyValuePair.Create(p.Key, (string?)FilterValue(p.Value)));
                if (!LogFilter.TryParse(pairs, out var filter, out var error)) return Error(error!.Message);
                client.Filter = filter;
                return EnvelopeWriter.Control("filter_updated", client.Protocol, time.GetUtcNow(), json => json.WriteString("filter", filter.ToString()));
            default:
                return Error("Unknown message type; expected \"ping\" or \"set_filter\".");
        }
    }

    private static string? FilterValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Array => string.Join(',', value.EnumerateArray().Select(v => v.ToString())),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };

    private OutgoingFrame Pong() => EnvelopeWriter.Control(EnvelopeTypes.Pong, StreamProtocol.WebSocket, time.GetUtcNow());

    private OutgoingFrame Error(string message)
        => EnvelopeWriter.Control(EnvelopeTypes.Error, StreamProtocol.WebSocket, time.GetUtcNow(), json => json.WriteString("message", message));
}
