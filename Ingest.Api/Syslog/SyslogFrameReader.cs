using System.Buffers;

namespace Ingest.Api.Syslog;

/// <summary>
/// Splits one TCP connection's bytes into syslog messages: octet counting (<c>LEN SP MSG</c>, RFC 6587 3.4.1 / RFC 5425)
/// when the connection's first byte is a digit, else newline framing (RFC 6587 3.4.2: LF, with an optional CR). Never
/// holds more than <c>maxMessageBytes</c> (plus the length) of one message: a longer one is cut there and the rest of
/// it skipped as it arrives.
/// </summary>
public sealed class SyslogFrameReader(int maxMessageBytes)
{
    private const int MaxLengthDigits = 10;

    private long _skip;
    private bool _discardLine;
    private bool _invalid;

    public SyslogFraming Framing { get; private set; }

    /// <summary>
    /// The next frame of <paramref name="buffer"/>, which is advanced past it; <paramref name="frame"/> is a slice of the
    /// input, valid until the caller advances its pipe. False when more bytes are needed (or after an invalid frame).
    /// </summary>
    /// <param name="completed">The peer closed the connection: what remains is the last frame.</param>
    /// <param name="frameLength">The frame's full length (at least the bytes seen for an oversized line).</param>
    public bool TryRead(ref ReadOnlySequence<byte> buffer, bool completed, out ReadOnlySequence<byte> frame, out SyslogFrameKind kind,
        out long frameLength)
    {
        frame = default;
        kind = SyslogFrameKind.Message;
        frameLength = 0;
        while (!_invalid)
        {
            if (_skip > 0)
            {
                var skipped = Math.Min(_skip, buffer.Length);
                buffer = buffer.Slice(skipped);
                _skip -= skipped;
                if (_skip > 0) return false;
            }
            if (_discardLine)
            {
                if (buffer.PositionOf((byte)'\n') is not { } lineFeed)
                {
                    buffer = buffer.Slice(buffer.End);
                    return false;
                }
                buffer = buffer.Slice(buffer.GetPosition(1, lineFeed));
                _discardLine = false;
            }
            if (buffer.IsEmpty) return false;
            if (Framing == SyslogFraming.Unknown)
            {
                Framing = IsDigit(buffer.FirstSpan[0]) ? SyslogFraming.OctetCounting : SyslogFraming.NewLine;
            }
            var read = Framing == SyslogFraming.OctetCounting
                ? TryReadCounted(ref buffer, completed, out frame, out kind, out frameLength)
                : TryReadLine(ref buffer, completed, out frame, out kind, out frameLength);
            if (read is { } found) return found;
        }
        return false;
    }

    /// <returns>true/false as <see cref="TryRead"/>; null to look again (an empty frame was skipped).</returns>
    private bool? TryReadCounted(ref ReadOnlySequence<byte> buffer, bool completed, out ReadOnlySequence<byte> frame,
        out SyslogFrameKind kind, out long frameLength)
    {
        frame = default;
        kind = SyslogFrameKind.Message;
        frameLength = 0;
        // Some senders end each counted frame with a line break as well: tolerate it between frames.
        var skip = new SequenceReader<byte>(buffer);
        skip.AdvancePastAny((byte)'\r', (byte)'\n');
        buffer = buffer.Slice(skip.Position);
        if (buffer.IsEmpty) return false;

        var reader = new SequenceReader<byte>(buffer);

        long length = 0;
        var digits = 0;
        var headerDone = false;
        while (reader.TryRead(out var b))
        {
            if (b == (byte)' ' && digits > 0)
            {
                headerDone = true;
                break;
            }
            if (!IsDigit(b) || ++digits > MaxLengthDigits) return Invalid(ref buffer, out frame, out kind, out frameLength);
            length = length * 10 + (b - '0');
        }
        if (!headerDone)
        {
            if (!completed) return false;
            frame = buffer;
            kind = SyslogFrameKind.Incomplete;
            frameLength = buffer.Length;
            buffer = buffer.Slice(buffer.End);
            return true;
        }

        var header = reader.Consumed;
        var available = buffer.Length - header;
        if (length == 0)
        {
            buffer = buffer.Slice(header);
            return null;
        }
        frameLength = length;
        if (length > maxMessageBytes)
        {
            if (available < maxMessageBytes && !completed) return false; // wait for the part that is kept
            frame = buffer.Slice(header, Math.Min(maxMessageBytes, available));
            kind = SyslogFrameKind.Oversized;
            var present = Math.Min(length, available);
            buffer = buffer.Slice(header + present);
            _skip = length - present;
            return true;
        }
        if (available < length)
        {
            if (!completed) return false;
            frame = buffer.Slice(header);
            kind = SyslogFrameKind.Incomplete;
            buffer = buffer.Slice(buffer.End);
            return true;
        }
        frame = buffer.Slice(header, length);
        buffer = buffer.Slice(header + length);
        return true;
    }

    private bool? TryReadLine(ref ReadOnlySequence<byte> buffer, bool completed, out ReadOnlySequence<byte> frame,
        out SyslogFrameKind kind, out long frameLength)
    {
        kind = SyslogFrameKind.Message;
        if (buffer.PositionOf((byte)'\n') is not { } lineFeed)
        {
            frameLength = buffer.Length;
            if (buffer.Length > maxMessageBytes)
            {
                frame = buffer.Slice(0, maxMessageBytes);
                kind = SyslogFrameKind.Oversized;
                buffer = buffer.Slice(buffer.End);
                _discardLine = !completed;
                return true;
            }
            frame = TrimCarriageReturn(buffer);
            if (!completed || frame.IsEmpty)
            {
                frame = default;
                return false;
            }
            buffer = buffer.Slice(buffer.End);
            return true;
        }
        var line = TrimCarriageReturn(buffer.Slice(0, lineFeed));
        buffer = buffer.Slice(buffer.GetPosition(1, lineFeed));
        frameLength = line.Length;
        if (line.IsEmpty)
        {
            frame = default;
            return null;
        }
        if (line.Length > maxMessageBytes)
        {
            frame = line.Slice(0, maxMessageBytes);
            kind = SyslogFrameKind.Oversized;
            return true;
        }
        frame = line;
        return true;
    }

    private bool Invalid(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame, out SyslogFrameKind kind, out long frameLength)
    {
        frame = buffer.Slice(0, Math.Min(buffer.Length, 256));
        frameLength = buffer.Length;
        kind = SyslogFrameKind.Invalid;
        buffer = buffer.Slice(buffer.End);
        _invalid = true;
        return true;
    }

    private static ReadOnlySequence<byte> TrimCarriageReturn(ReadOnlySequence<byte> line)
    {
        if (line.IsEmpty) return line;
        var last = line.Slice(line.Length - 1).FirstSpan[0];
        return last == (byte)'\r' ? line.Slice(0, line.Length - 1) : line;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
}
