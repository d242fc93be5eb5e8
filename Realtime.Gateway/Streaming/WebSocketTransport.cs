using System.Net.WebSockets;

namespace Realtime.Gateway.Streaming;

/// <summary>A stream over a WebSocket: text messages out, small client messages in, keep-alive by protocol pings.</summary>
public sealed class WebSocketTransport(WebSocket socket, int maxClientMessageBytes) : IStreamTransport
{
    private readonly byte[] _receiveBuffer = new byte[maxClientMessageBytes];

    public StreamProtocol Protocol => StreamProtocol.WebSocket;

    public TimeSpan? KeepAliveInterval => null;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task SendAsync(OutgoingFrame frame, CancellationToken cancellationToken)
    {
        for (var i = 0; i < frame.MessageCount; i++)
        {
            var bytes = frame.Message(i);
            for (; bytes.Length > OutgoingFrame.MaxWriteBytes; bytes = bytes[OutgoingFrame.MaxWriteBytes..])
            {
                await socket.SendAsync(bytes[..OutgoingFrame.MaxWriteBytes], WebSocketMessageType.Text, endOfMessage: false, cancellationToken);
            }
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
    }

    public Task SendKeepAliveAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<ClientInput?> ReceiveAsync(CancellationToken cancellationToken)
    {
        if (socket.State != WebSocketState.Open) return null;
        var result = await socket.ReceiveAsync(_receiveBuffer, cancellationToken);
        if (result.MessageType == WebSocketMessageType.Close)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "Bye", cancellationToken);
            return null;
        }

        var length = result.Count;
        var tooLarge = false;
        while (!result.EndOfMessage)
        {
            // Read and discard the rest; the connection stays open.
            tooLarge = true;
            result = await socket.ReceiveAsync(_receiveBuffer, cancellationToken);
        }
        return new ClientInput(_receiveBuffer.AsMemory(0, length), tooLarge);
    }

    /// <summary>Closes with a reason; the client can reconnect with after_id.</summary>
    public async Task CloseTooSlowAsync(StreamClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation,
                $"Client too slow: {client.Dropped} logs dropped. Reconnect with after_id.", timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            socket.Abort();
        }
    }

    public void Abort()
    {
        if (socket.State == WebSocketState.Open) socket.Abort();
    }
}
