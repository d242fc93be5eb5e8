using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Realtime.Gateway.Streaming;

/// <summary>
/// Writes the messages of one <see cref="OutgoingFrame"/> into one buffer, framed for the protocol: an SSE event
/// (<c>id:</c>, <c>event:</c>, <c>data:</c>) around each message, or the end of each WebSocket message recorded.
/// Formats write JSON through it and never see the framing.
/// </summary>
public sealed class FrameBuilder
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    private readonly ArrayBufferWriter<byte> _buffer;
    private readonly StreamProtocol _protocol;
    private readonly Utf8JsonWriter _json;
    private List<int>? _ends;
    private int _messages;

    public FrameBuilder(StreamProtocol protocol, int sizeHint = 256)
    {
        _protocol = protocol;
        _buffer = new ArrayBufferWriter<byte>(sizeHint);
        _json = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    public StreamProtocol Protocol => _protocol;

    /// <summary>Starts a JSON message; <paramref name="sseEvent"/> and <paramref name="sseId"/> name it on SSE.</summary>
    public Utf8JsonWriter BeginJson(string sseEvent, long? sseId = null)
    {
        WritePrefix(sseEvent, sseId);
        _json.Reset(_buffer);
        return _json;
    }

    public void EndJson()
    {
        _json.Flush();
        EndMessage();
    }

    /// <summary>A message that is not JSON (a plain <c>pong</c>).</summary>
    public void Text(ReadOnlySpan<byte> text, string sseEvent)
    {
        WritePrefix(sseEvent, null);
        _buffer.Write(text);
        EndMessage();
    }

    /// <summary>The frame, or null when no message was written (a format that had nothing to say).</summary>
    public OutgoingFrame? Build(int logCount = 0)
    {
        if (_messages == 0) return null;
        return new OutgoingFrame(_buffer.WrittenMemory, logCount, _messages > 1 && _ends is not null ? [.. _ends] : null);
    }

    private void WritePrefix(string sseEvent, long? sseId)
    {
        if (_protocol != StreamProtocol.Sse) return;
        if (sseId is { } id)
        {
            _buffer.Write("id: "u8);
            Utf8Formatter.TryFormat(id, _buffer.GetSpan(20), out var written);
            _buffer.Advance(written);
            _buffer.Write("\n"u8);
        }
        Ascii("event: ");
        Ascii(sseEvent);
        Ascii("\ndata: ");
    }

    private void EndMessage()
    {
        if (_protocol == StreamProtocol.Sse) _buffer.Write("\n\n"u8);
        else (_ends ??= []).Add(_buffer.WrittenCount);
        _messages++;
    }

    private void Ascii(string text)
    {
        var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        _buffer.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
