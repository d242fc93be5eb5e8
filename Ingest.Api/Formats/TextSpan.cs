namespace Ingest.Api.Formats;

/// <summary>
/// A piece of text a parser found: a range of the event's bytes, or of the record's scratch buffer when the value had
/// to be unescaped or composed. Offsets rather than spans, so a record can outlive the <c>ReadOnlySpan</c> it was parsed from.
/// </summary>
public readonly record struct TextSpan(int Start, int Length, bool InScratch = false)
{
    public static readonly TextSpan None = new(-1, 0);

    public bool IsPresent => Start >= 0;

    public bool IsEmpty => Length == 0;
}
