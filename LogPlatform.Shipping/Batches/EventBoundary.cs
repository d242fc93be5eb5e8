namespace LogPlatform.Shipping.Batches;

/// <summary>Where a batch of text read from a file may end, so that a multi-line event is never split between batches.</summary>
public static class EventBoundary
{
    private const int MaxLinesLookedBack = 100_000;

    /// <summary>
    /// The length of the complete events at the start of <paramref name="text"/>: up to the start of the last complete
    /// line that starts an event (the event it starts may still get continuation lines). 0 when no such cut exists yet.
    /// </summary>
    public static int CompleteEvents(ReadOnlySpan<byte> text, EventStartPattern rule)
    {
        var lastBreak = text.LastIndexOf((byte)'\n');
        if (lastBreak < 0) return 0;
        var lineEnd = lastBreak;
        for (var looked = 0; looked < MaxLinesLookedBack; looked++)
        {
            var previousBreak = text[..lineEnd].LastIndexOf((byte)'\n');
            var line = text[(previousBreak + 1)..lineEnd];
            if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
            // An empty line ends an event (as Ingest's joiner reads it): everything up to and including it is complete.
            if (line.IsEmpty) return lineEnd + 1;
            if (rule.IsStart(line)) return previousBreak + 1;
            if (previousBreak < 0) return 0;
            lineEnd = previousBreak;
        }
        return 0;
    }

    /// <summary>The length of the complete lines at the start of <paramref name="text"/> (up to its last line break).</summary>
    public static int CompleteLines(ReadOnlySpan<byte> text) => text.LastIndexOf((byte)'\n') + 1;

    /// <summary>How much of <paramref name="text"/> holds at most <paramref name="maxLines"/> lines.</summary>
    public static int FirstLines(ReadOnlySpan<byte> text, int maxLines)
    {
        var position = 0;
        for (var lines = 0; lines < maxLines; lines++)
        {
            var newline = text[position..].IndexOf((byte)'\n');
            if (newline < 0) return text.Length;
            position += newline + 1;
        }
        return position;
    }

    /// <summary>The lines of a batch: its line breaks, plus one for a last line without one.</summary>
    public static int CountLines(ReadOnlySpan<byte> text)
    {
        var lines = text.Count((byte)'\n');
        return text.Length > 0 && text[^1] != (byte)'\n' ? lines + 1 : lines;
    }
}
