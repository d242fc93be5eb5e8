namespace Realtime.Gateway.Streaming;

/// <summary>
/// A stream as Server-Sent Events: events out (each flushed), nothing in, a comment as keep-alive. The browser's
/// EventSource reconnects by itself, after the <c>retry</c> delay, with Last-Event-ID.
/// </summary>
public sealed class SseTransport(HttpResponse response, TimeSpan keepAliveInterval) : IStreamTransport
{
    private static readonly byte[] Retry = "retry: 3000\n\n"u8.ToArray();
    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    public StreamProtocol Protocol => StreamProtocol.Sse;

    public TimeSpan? KeepAliveInterval => keepAliveInterval;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.WriteAsync(Retry, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public async Task SendAsync(OutgoingFrame frame, CancellationToken cancellationToken)
    {
        // SSE events delimit themselves: the frame goes out as one byte stream, whatever its message count.
        var bytes = frame.Bytes;
        for (; bytes.Length > OutgoingFrame.MaxWriteBytes; bytes = bytes[OutgoingFrame.MaxWriteBytes..])
        {
            await response.Body.WriteAsync(bytes[..OutgoingFrame.MaxWriteBytes], cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }
        await response.Body.WriteAsync(bytes, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public async Task SendKeepAliveAsync(CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(KeepAlive, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public async Task<ClientInput?> ReceiveAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return null;
    }

    /// <summary>SSE has no close reason: the session ends the response, and EventSource resumes with Last-Event-ID.</summary>
    public Task CloseTooSlowAsync(StreamClient client) => Task.CompletedTask;

    public void Abort()
    {
    }
}
