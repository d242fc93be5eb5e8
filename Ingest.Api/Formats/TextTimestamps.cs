using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Ingest.Api.Parsing;

namespace Ingest.Api.Formats;

/// <summary>The timestamp forms of text logs, read from UTF-8 without allocating.</summary>
public static class TextTimestamps
{
    /// <summary>"Jan".."Dec" (case-sensitive first letter, as syslog and Apache write them) → 1..12, else 0.</summary>
    public static int Month(ReadOnlySpan<byte> text)
    {
        if (text.Length < 3) return 0;
        var key = (text[0] << 16) | ((text[1] | 0x20) << 8) | (text[2] | 0x20);
        return key switch
        {
            ('J' << 16) | ('a' << 8) | 'n' => 1,
            ('F' << 16) | ('e' << 8) | 'b' => 2,
            ('M' << 16) | ('a' << 8) | 'r' => 3,
            ('A' << 16) | ('p' << 8) | 'r' => 4,
            ('M' << 16) | ('a' << 8) | 'y' => 5,
            ('J' << 16) | ('u' << 8) | 'n' => 6,
            ('J' << 16) | ('u' << 8) | 'l' => 7,
            ('A' << 16) | ('u' << 8) | 'g' => 8,
            ('S' << 16) | ('e' << 8) | 'p' => 9,
            ('O' << 16) | ('c' << 8) | 't' => 10,
            ('N' << 16) | ('o' << 8) | 'v' => 11,
            ('D' << 16) | ('e' << 8) | 'c' => 12,
            _ => 0,
        };
    }

    /// <summary>
    /// BSD syslog's <c>Mmm dd hh:mm:ss</c> (day space- or zero-padded; 15 bytes), read as UTC. There is no year: the
    /// receipt's year, or the year before when that would put the line more than a day after receipt (December lines
    /// read in January).
    /// </summary>
    public static bool TryParseBsd(ReadOnlySpan<byte> text, DateTimeOffset receivedAt, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 15 || text[3] != (byte)' ' || text[6] != (byte)' ' || text[9] != (byte)':' || text[12] != (byte)':') return false;
        var month = Month(text);
        if (month == 0) return false;
        int day;
        if (text[4] == (byte)' ') { if (!Utf8Text.TryDigits(text, 5, 1, out day)) return false; }
        else if (!Utf8Text.TryDigits(text, 4, 2, out day)) return false;
        if (!Utf8Text.TryDigits(text, 7, 2, out var hour) || !Utf8Text.TryDigits(text, 10, 2, out var minute)
            || !Utf8Text.TryDigits(text, 13, 2, out var second)) return false;

        var year = receivedAt.UtcDateTime.Year;
        if (TryCreate(year, month, day, hour, minute, second, 0, TimeSpan.Zero, out value) && value - receivedAt <= TimeSpan.FromDays(1)) return true;
        return TryCreate(year - 1, month, day, hour, minute, second, 0, TimeSpan.Zero, out value);
    }

    /// <summary>Apache/Nginx <c>dd/Mmm/yyyy:hh:mm:ss ±hhmm</c> (26 bytes).</summary>
    public static bool TryParseAccessLog(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length != 26 || text[2] != (byte)'/' || text[6] != (byte)'/' || text[11] != (byte)':' || text[20] != (byte)' ') return false;
        var month = Month(text[3..]);
        if (month == 0
            || !Utf8Text.TryDigits(text, 0, 2, out var day) || !Utf8Text.TryDigits(text, 7, 4, out var year)
            || !Utf8Text.TryDigits(text, 12, 2, out var hour) || !Utf8Text.TryDigits(text, 15, 2, out var minute)
            || !Utf8Text.TryDigits(text, 18, 2, out var second)
            || !TryOffset(text[21..], out var offset)) return false;
        return TryCreate(year, month, day, hour, minute, second, 0, offset, out value);
    }

    /// <summary>RFC 3339 / ISO 8601 <c>yyyy-MM-ddTHH:mm:ss[.f…][Z|±hh:mm]</c> (also with a space for the T; no offset = UTC).</summary>
    public static bool TryParseIso(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 19 || text[4] != (byte)'-' || text[7] != (byte)'-' || text[10] is not ((byte)'T' or (byte)'t' or (byte)' ')
            || text[13] != (byte)':' || text[16] != (byte)':') return false;
        if (!Utf8Text.TryDigits(text, 0, 4, out var year) || !Utf8Text.TryDigits(text, 5, 2, out var month) || !Utf8Text.TryDigits(text, 8, 2, out var day)
            || !Utf8Text.TryDigits(text, 11, 2, out var hour) || !Utf8Text.TryDigits(text, 14, 2, out var minute)
            || !Utf8Text.TryDigits(text, 17, 2, out var second)) return false;
        var i = 19;
        long ticks = 0;
        if (i < text.Length && text[i] is (byte)'.' or (byte)',')
        {
            i++;
            var digits = 0;
            long scale = TimeSpan.TicksPerSecond;
            while (i < text.Length && (uint)(text[i] - '0') <= 9)
            {
                if (digits < 7)
                {
                    scale /= 10;
                    ticks += (text[i] - '0') * scale;
                }
                digits++;
                i++;
            }
            if (digits == 0) return false;
        }
        var offset = TimeSpan.Zero;
        if (i < text.Length)
        {
            var rest = text[i..];
            if (rest.Length == 1 && rest[0] is (byte)'Z' or (byte)'z') { }
            else if (!TryOffset(rest, out offset)) return false;
        }
        if (!TryCreate(year, month, day, hour, minute, second, 0, offset, out value)) return false;
        value = value.AddTicks(ticks);
        return true;
    }

    /// <summary>
    /// A timestamp in any form a key=value format may carry: ISO 8601, Unix s/ms/µs/ns (as the JSON path reads them),
    /// or what the JSON path's reader takes as a string (RFC 1123, ...).
    /// </summary>
    public static bool TryParseAny(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        if (TryParseIso(text, out value)) return true;
        if (Utf8Text.TryParseDigits(text, out var unix)) return TimestampParser.TryFromUnix(unix, out value);
        if (Utf8Parser.TryParse(text, out double real, out var consumed) && consumed == text.Length) return TimestampParser.TryFromUnix(real, out value);
        if (text.Length > 64) return false;
        Span<char> chars = stackalloc char[64];
        if (!Ascii.IsValid(text)) return false;
        var written = Encoding.ASCII.GetChars(text, chars);
        return DateTimeOffset.TryParse(chars[..written], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces, out value);
    }

    /// <summary><c>Z</c>, <c>±hh:mm</c> or <c>±hhmm</c>.</summary>
    private static bool TryOffset(ReadOnlySpan<byte> text, out TimeSpan offset)
    {
        offset = default;
        if (text.Length == 1 && text[0] is (byte)'Z' or (byte)'z') return true;
        if (text.Length is not (5 or 6) || text[0] is not ((byte)'+' or (byte)'-')) return false;
        var minutesAt = text.Length == 6 ? 4 : 3;
        if (text.Length == 6 && text[3] != (byte)':') return false;
        if (!Utf8Text.TryDigits(text, 1, 2, out var hours) || !Utf8Text.TryDigits(text, minutesAt, 2, out var minutes) || hours > 14 || minutes > 59) return false;
        offset = new TimeSpan(hours, minutes, 0);
        if (text[0] == (byte)'-') offset = -offset;
        return true;
    }

    private static bool TryCreate(int year, int month, int day, int hour, int minute, int second, int millisecond, TimeSpan offset,
        out DateTimeOffset value)
    {
        value = default;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 60) return false;
        if (second == 60) second = 59; // a leap second: keep the line, a second early
        var local = new DateTime(year, month, day, hour, minute, second, millisecond, DateTimeKind.Unspecified);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks) return false;
        value = new DateTimeOffset(utcTicks, TimeSpan.Zero);
        return true;
    }
}
