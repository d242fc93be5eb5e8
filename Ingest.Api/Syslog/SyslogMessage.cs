using System.Buffers;
using System.Text.Json;

namespace Ingest.Api.Syslog;

/// <summary>
/// One received message on its way to the batcher: its bytes in a pooled array (returned by <see cref="Return"/>), what
/// the framing made of it, and who sent it (the default <c>source</c> when the message names no host).
/// </summary>
public readonly record struct SyslogMessage(byte[] Buffer, int Length, SyslogFrameKind Kind, long FrameLength, JsonEncodedText Peer,
    string Transport, DateTimeOffset ReceivedAt)
{
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    public static SyslogMessage Copy(in ReadOnlySequence<byte> frame, SyslogFrameKind kind, long frameLength, JsonEncodedText peer,
        string transport, DateTimeOffset receivedAt)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max((int)frame.Length, 1));
        frame.CopyTo(buffer);
        return new SyslogMessage(buffer, (int)frame.Length, kind, frameLength, peer, transport, receivedAt);
    }

    public static SyslogMessage Copy(ReadOnlySpan<byte> datagram, SyslogFrameKind kind, long frameLength, JsonEncodedText peer,
        string transport, DateTimeOffset receivedAt)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(datagram.Length, 1));
        datagram.CopyTo(buffer);
        return new SyslogMessage(buffer, datagram.Length, kind, frameLength, peer, transport, receivedAt);
    }

    public void Return() => ArrayPool<byte>.Shared.Return(Buffer);

    /// <summary>Why a message that is not <see cref="SyslogFrameKind.Message"/> was dead-lettered.</summary>
    public string Reason(int maxMessageBytes) => Kind switch
    {
        SyslogFrameKind.Oversized => $"syslog {Transport}: the message has {FrameLength} bytes or more, above Ingest:Syslog:MaxMessageBytes ({maxMessageBytes}); its first {Length} bytes are kept here",
        SyslogFrameKind.Invalid => $"syslog {Transport}: not an octet count ('LEN SP MSG', RFC 6587); the connection was closed",
        SyslogFrameKind.Incomplete => $"syslog {Transport}: the connection closed inside a frame ({Length} of {FrameLength} bytes)",
        _ => "",
    };
}
