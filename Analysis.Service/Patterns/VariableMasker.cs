namespace Analysis.Service.Patterns;

/// <summary>
/// Replaces the obvious variables of a log message with <c>&lt;*&gt;</c> before mining, in one forward scan over the
/// characters (no regular expressions): numbers of any form (integers, decimals, signed, with units such as
/// <c>12ms</c> or <c>3.5s</c>, dates and times, versions), hexadecimal (<c>0x1f</c>, long hex runs such as hashes),
/// IPv4 with an optional port, IPv6, UUIDs, URLs, absolute paths, and numeric tails of identifiers
/// (<c>blk_-123</c>, <c>core.2275</c>, <c>CPU#1</c>); a key=value pair keeps its key (<c>uid=&lt;*&gt;</c>).
/// Digits glued to letters (<c>ssh2</c>, <c>x86</c>, <c>md5</c>) are part of a name and stay.
/// The rules are the same for every input: nothing here knows which system wrote the line.
/// </summary>
public static class VariableMasker
{
    public const string Wildcard = "<*>";

    /// <summary>The most characters <see cref="Mask"/> can write for a message of this length.</summary>
    public static int MaxMaskedLength(int messageLength) => messageLength * 3;

    /// <summary>Writes the masked message to <paramref name="destination"/> and returns its length.</summary>
    public static int Mask(ReadOnlySpan<char> message, Span<char> destination)
    {
        var written = 0;
        var i = 0;
        while (i < message.Length)
        {
            var c = message[i];
            if (c == ' ')
            {
                destination[written++] = c;
                i++;
                continue;
            }
            int end, wordEnd;
            if (StartsWord(message, i))
            {
                end = VariableEnd(message, i, out wordEnd);
            }
            else
            {
                end = -1;
                wordEnd = NameEnd(message, i);
            }
            if (end > i)
            {
                // Adjacent variables ("<*><*>") say no more than one.
                if (!EndsWithWildcard(destination[..written]))
                {
                    Wildcard.CopyTo(destination[written..]);
                    written += Wildcard.Length;
                }
                i = end;
                continue;
            }
            // Not a variable: copy this name (letters and digits) or this one separator as it is.
            if (wordEnd <= i + 1)
            {
                destination[written++] = c;
                i++;
                continue;
            }
            message[i..wordEnd].CopyTo(destination[written..]);
            written += wordEnd - i;
            i = wordEnd;
        }
        return written;
    }

    /// <summary>
    /// Where a variable starting at <paramref name="i"/> ends, or -1 when none starts there; then
    /// <paramref name="wordEnd"/> is the end of the run of letters and digits at <paramref name="i"/> (i when none).
    /// </summary>
    private static int VariableEnd(ReadOnlySpan<char> s, int i, out int wordEnd)
    {
        var c = s[i];
        wordEnd = i;
        if (IsLetterOrDigit(c))
        {
            // One pass over the letters and digits tells which rules can apply.
            var allHex = true;
            var digits = false;
            while (wordEnd < s.Length && IsLetterOrDigit(s[wordEnd]))
            {
                allHex &= IsHex(s[wordEnd]);
                digits |= IsDigit(s[wordEnd]);
                wordEnd++;
            }
            var length = wordEnd - i;
            var after = wordEnd < s.Length ? s[wordEnd] : '\0';
            if (length == 8 && allHex && after == '-' && Uuid(s, i) is var uuid and > 0) return uuid;
            if (allHex && length <= 4 && after == ':' && Ipv6(s, i) is var ip6 and > 0) return ip6;
            if (IsDigit(c)) return Number(s, i);
            if (allHex && digits && length >= 8) return wordEnd;
            if (!digits && after == ':' && Url(s, i) is var url and > 0) return url;
            if (!digits && after == ' ' && length is >= 3 and <= 9 && CalendarWord(s, i) is var date and > 0) return date;
            return -1;
        }
        if (c == '/') return AbsolutePath(s, i);
        if (c == ':' && i + 1 < s.Length && s[i + 1] == ':') return Ipv6(s, i);
        if ((c == '-' || c == '+') && i + 1 < s.Length && IsDigit(s[i + 1]) && (i == 0 || !IsWordChar(s[i - 1]) || s[i - 1] == '_'))
        {
            return Number(s, i + 1);
        }
        return -1;
    }

    /// <summary>
    /// A variable may start at the message's start, after a separator (space, punctuation) or after the joints of an
    /// identifier (<c>_ - . #</c>); never right after a letter or digit, so names such as <c>ssh2</c> stay whole.
    /// </summary>
    private static bool StartsWord(ReadOnlySpan<char> s, int i) => i == 0 || !IsLetterOrDigit(s[i - 1]);

    /// <summary>
    /// Digits with their joints: <c>12</c>, <c>-3.5</c>, <c>10.0.0.1:8080</c>, <c>2005-12-04</c>, <c>12:30:01.5</c>;
    /// then a unit or hex suffix glued to it (<c>12ms</c>, <c>3.5s</c>, <c>10KB</c>, <c>0x1f</c>, <c>0000abcd</c>).
    /// </summary>
    private static int Number(ReadOnlySpan<char> s, int i)
    {
        var j = i;
        while (true)
        {
            while (j < s.Length && IsDigit(s[j])) j++;
            if (j + 1 < s.Length && s[j] is '.' or ':' or '-' or ',' && IsDigit(s[j + 1]) && (s[j] != ',' || ThousandsGroup(s, j)))
            {
                j++;
                continue;
            }
            break;
        }
        while (j < s.Length && IsLetterOrDigit(s[j])) j++;
        // A trailing '%' belongs to the number.
        if (j < s.Length && s[j] == '%') j++;
        return j;
    }

    /// <summary>"1,024": a comma followed by exactly three digits is inside a number, "1,2" is a list.</summary>
    private static bool ThousandsGroup(ReadOnlySpan<char> s, int comma)
        => comma + 3 < s.Length && IsDigit(s[comma + 1]) && IsDigit(s[comma + 2]) && IsDigit(s[comma + 3])
           && (comma + 4 >= s.Length || !IsDigit(s[comma + 4]));

    private const string Months = "janfebmaraprmayjunjulaugsepoctnovdec";
    private const string Weekdays = "montuewedthufrisatsun";

    /// <summary>
    /// The words of a written date: a month name followed by a day number ("Jul 25", "June 3"), or a weekday name
    /// followed by a month name ("Mon Jul 25 23:24:09 2005"); the numbers after them are masked as numbers. A month
    /// or weekday name alone ("may", "sat") is an ordinary word.
    /// </summary>
    private static int CalendarWord(ReadOnlySpan<char> s, int i)
    {
        var end = i;
        while (end < s.Length && IsLetter(s[end])) end++;
        if (end - i < 3 || end - i > 9 || end < s.Length && IsLetterOrDigit(s[end])) return -1;
        var next = end;
        while (next < s.Length && s[next] == ' ') next++;
        if (next == end || next == s.Length) return -1;
        if (IsCalendarName(s[i..end], Months)) return IsDigit(s[next]) ? end : -1;
        if (!IsCalendarName(s[i..end], Weekdays)) return -1;
        var month = next;
        while (month < s.Length && IsLetter(s[month])) month++;
        return IsCalendarName(s[next..month], Months) ? end : -1;
    }

    /// <summary>"Jul", "JUL", "July" (a name's first three letters and, when longer, a plausible rest of it).</summary>
    private static bool IsCalendarName(ReadOnlySpan<char> word, string names)
    {
        if (word.Length is < 3 or > 9 || word.Length > 3 && !IsLowerLetters(word[3..])) return false;
        // ASCII lower case by hand: this runs for most words, and culture-aware lower-casing cost more than the rest.
        Span<char> head = [(char)(word[0] | 0x20), (char)(word[1] | 0x20), (char)(word[2] | 0x20)];
        var at = names.AsSpan().IndexOf(head);
        return at >= 0 && at % 3 == 0;
    }

    private static bool IsLowerLetters(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if ((uint)(c - 'a') > 'z' - 'a') return false;
        }
        return true;
    }

    /// <summary>8-4-4-4-12 hexadecimal digits.</summary>
    private static int Uuid(ReadOnlySpan<char> s, int i)
    {
        const int length = 36;
        if (s.Length - i < length) return -1;
        for (var k = 0; k < length; k++)
        {
            var c = s[i + k];
            var dash = k is 8 or 13 or 18 or 23;
            if (dash ? c != '-' : !IsHex(c)) return -1;
        }
        var end = i + length;
        return end < s.Length && IsLetterOrDigit(s[end]) ? -1 : end;
    }

    /// <summary>Hex groups and colons with at least two colons and a digit (<c>fe80::1</c>, <c>2001:db8::ff00:42</c>).</summary>
    private static int Ipv6(ReadOnlySpan<char> s, int i)
    {
        var j = i;
        var colons = 0;
        var digits = false;
        var group = 0;
        while (j < s.Length && (IsHex(s[j]) || s[j] == ':'))
        {
            if (s[j] == ':')
            {
                colons++;
                group = 0;
            }
            else if (++group > 4)
            {
                return -1;
            }
            digits |= IsDigit(s[j]);
            j++;
        }
        // "a:b:" at the end of a phrase is prose; a trailing colon is not part of the address.
        if (j > i && s[j - 1] == ':' && (j - 2 < i || s[j - 2] != ':'))
        {
            j--;
            colons--;
        }
        if (colons < 2 || !digits) return -1;
        return j < s.Length && IsLetterOrDigit(s[j]) ? -1 : j;
    }

    /// <summary><c>scheme://</c> up to the next space.</summary>
    private static int Url(ReadOnlySpan<char> s, int i)
    {
        var j = i;
        while (j < s.Length && IsLetter(s[j])) j++;
        if (j == i || j + 2 >= s.Length || s[j] != ':' || s[j + 1] != '/' || s[j + 2] != '/') return -1;
        return PathEnd(s, j + 3);
    }

    /// <summary>
    /// <c>/a/b.c</c> at the start of a word, up to a space, a closing bracket or quote, or a colon or comma that ends
    /// the phrase. A lone "/" (as in <c>root=/</c>) is not a path.
    /// </summary>
    private static int AbsolutePath(ReadOnlySpan<char> s, int i)
    {
        if (i > 0 && IsPathChar(s[i - 1])) return -1;
        if (i + 1 >= s.Length || !(IsWordChar(s[i + 1]) || s[i + 1] == '/')) return -1;
        return PathEnd(s, i + 1);
    }

    private static int PathEnd(ReadOnlySpan<char> s, int j)
    {
        while (j < s.Length && IsPathChar(s[j]))
        {
            // "file /a/b: reason" and "from /a/b, then": the colon or comma closes the phrase.
            if (s[j] is ':' or ',' or '.' && (j + 1 == s.Length || char.IsWhiteSpace(s[j + 1]))) break;
            j++;
        }
        return j;
    }

    private static bool IsPathChar(char c)
        => c > ' ' && c is not ('"' or '\'' or ')' or ']' or '}' or '>' or '<' or '(' or '[' or '{' or ';' or '|' or '`');

    /// <summary>The end of the letters and digits from <paramref name="i"/> (a name's rest, where no variable starts).</summary>
    private static int NameEnd(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && IsLetterOrDigit(s[i])) i++;
        return i;
    }

    private static bool EndsWithWildcard(ReadOnlySpan<char> written) => written.EndsWith(Wildcard);

    private static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    private static bool IsHex(char c) => IsDigit(c) || (uint)((c | 0x20) - 'a') <= 'f' - 'a';

    private static bool IsLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (c > 0x7F && char.IsLetter(c));

    private static bool IsLetterOrDigit(char c) => IsDigit(c) || IsLetter(c);

    private static bool IsWordChar(char c) => IsLetterOrDigit(c) || c == '_';
}
