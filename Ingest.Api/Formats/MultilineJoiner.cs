using LogPlatform.Shipping.Batches;

namespace Ingest.Api.Formats;

/// <summary>
/// Splits text into events: lines (LF or CRLF), with continuation lines (see <see cref="EventStartPattern"/>) joined to
/// the line before, so a stack trace stays with its log. An event is a slice of the input (inner line breaks
/// included), so joining copies nothing. Empty lines end an event and are skipped.
/// </summary>
public ref struct MultilineJoiner(ReadOnlySpan<byte> text, EventStartPattern rule, int maxLines)
{
    private readonly ReadOnlySpan<byte> _text = text;
    private int _position;

    /// <summary>The next event, without its final line break; false at the end.</summary>
    public bool MoveNext(out ReadOnlySpan<byte> @event)
    {
        while (_position < _text.Length)
        {
            var start = _position;
            var end = LineEnd(start, out var next);
            _position = next;
            if (end == start) continue; // empty line

            var lines = 1;
            while (_position < _text.Length && lines < maxLines)
            {
                var lineEnd = LineEnd(_position, out var after);
                if (lineEnd == _position || rule.IsStart(_text[_position..lineEnd])) break;
                end = lineEnd;
                _position = after;
                lines++;
            }
            @event = _text[start..end];
            return true;
        }
        @event = default;
        return false;
    }

    /// <returns>The end of the line at <paramref name="start"/> without CR/LF; <paramref name="next"/> is the next line's start.</returns>
    private readonly int LineEnd(int start, out int next)
    {
        var newline = _text[start..].IndexOf((byte)'\n');
        var end = newline < 0 ? _text.Length : start + newline;
        next = newline < 0 ? _text.Length : end + 1;
        if (end > start && _text[end - 1] == (byte)'\r') end--;
        return end;
    }
}
