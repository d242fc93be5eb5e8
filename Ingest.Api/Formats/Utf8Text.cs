namespace Ingest.Api.Formats;

/// <summary>Small UTF-8 scanning helpers the parsers share.</summary>
public static class Utf8Text
{
    /// <summary>Non-negative decimal integer, all digits, at most 18 of them (no overflow).</summary>
    public static bool TryParseDigits(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.Length is 0 or > 18) return false;
        foreach (var b in text)
        {
            var digit = (uint)(b - '0');
            if (digit > 9) return false;
            value = value * 10 + digit;
        }
        return true;
    }

    /// <summary>Exactly <paramref name="count"/> digits at <paramref name="offset"/>.</summary>
    public static bool TryDigits(ReadOnlySpan<byte> text, int offset, int count, out int value)
    {
        value = 0;
        if (offset < 0 || offset + count > text.Length) return false;
        for (var i = offset; i < offset + count; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit > 9) return false;
            value = value * 10 + (int)digit;
        }
        return true;
    }

    /// <summary>The index of the next space at or after <paramref name="from"/>, or the length.</summary>
    public static int NextSpace(ReadOnlySpan<byte> text, int from)
    {
        var i = text[from..].IndexOf((byte)' ');
        return i < 0 ? text.Length : from + i;
    }

    public static int SkipSpaces(ReadOnlySpan<byte> text, int from)
    {
        while (from < text.Length && text[from] == (byte)' ') from++;
        return from;
    }

    /// <summary>Length without trailing spaces, tabs, CR and LF.</summary>
    public static int TrimEndLength(ReadOnlySpan<byte> text, int start, int end)
    {
        while (end > start && text[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') end--;
        return end - start;
    }

    /// <summary>A length of at most <paramref name="max"/> that does not cut a UTF-8 sequence in two.</summary>
    public static int CutAtCharBoundary(ReadOnlySpan<byte> text, int max)
    {
        if (text.Length <= max) return text.Length;
        var cut = max;
        while (cut > 0 && (text[cut] & 0xC0) == 0x80) cut--;
        return cut;
    }

    /// <summary>ASCII case-insensitive equality with a lower-case ASCII literal.</summary>
    public static bool EqualsLower(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lower)
    {
        if (text.Length != lower.Length) return false;
        for (var i = 0; i < text.Length; i++)
        {
            if ((text[i] | 0x20) != lower[i]) return false;
        }
        return true;
    }
}
