namespace Realtime.Gateway.Streaming;

/// <summary>
/// Messages ready for the wire, formatted once and shared by every client with the same filter, format and protocol.
/// </summary>
/// <param name="Bytes">The messages back to back: SSE events delimit themselves; WebSocket messages end at <paramref name="MessageEnds"/>.</param>
/// <param name="LogCount">How many logs it carries (0 for stats and control messages), for drop accounting.</param>
/// <param name="MessageEnds">Where each WebSocket message ends in <paramref name="Bytes"/>; null when it is one message.</param>
public sealed record OutgoingFrame(ReadOnlyMemory<byte> Bytes, int LogCount, int[]? MessageEnds = null)
{
    /// <summary>
    /// Largest piece written to a connection at once. Each connection copies what it writes into buffers of its own
    /// (the WebSocket's send buffer, Kestrel's output pipe), so a large frame shared by a thousand slow clients would
    /// otherwise be held a thousand times over.
    /// </summary>
    public const int MaxWriteBytes = 64 * 1024;

    public int MessageCount => MessageEnds?.Length ?? 1;

    /// <summary>The <paramref name="index"/>th WebSocket message.</summary>
    public ReadOnlyMemory<byte> Message(int index)
    {
        if (MessageEnds is null) return Bytes;
        var start = index == 0 ? 0 : MessageEnds[index - 1];
        return Bytes[start..MessageEnds[index]];
    }
}
