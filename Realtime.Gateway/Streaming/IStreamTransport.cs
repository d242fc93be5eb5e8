namespace Realtime.Gateway.Streaming;

/// <summary>
/// The wire under a <see cref="StreamSession"/>: writes frames, reads client messages (where the protocol has any) and
/// closes. A WebSocket or a Server-Sent Events response.
/// </summary>
public interface IStreamTransport
{
    StreamProtocol Protocol { get; }

    /// <summary>How often to send a keep-alive when idle; null when the protocol pings by itself (WebSocket).</summary>
    TimeSpan? KeepAliveInterval { get; }

    /// <summary>Called once before anything is sent (SSE: headers and the reconnect delay).</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Sends the frame's messages, written in pieces of at most <see cref="OutgoingFrame.MaxWriteBytes"/>.</summary>
    Task SendAsync(OutgoingFrame frame, CancellationToken cancellationToken);

    Task SendKeepAliveAsync(CancellationToken cancellationToken);

    /// <summary>The next client message; null once the client has closed. SSE has none: it waits until cancelled.</summary>
    Task<ClientInput?> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Ends a client that has been losing messages for too long, with a reason where the protocol has one.</summary>
    Task CloseTooSlowAsync(StreamClient client);

    /// <summary>Drops the connection if it is still open, when the session ends.</summary>
    void Abort();
}

/// <summary>One message from a client, valid until the next receive; <see cref="TooLarge"/> when it exceeded the limit (then discarded).</summary>
public readonly record struct ClientInput(ReadOnlyMemory<byte> Message, bool TooLarge);
