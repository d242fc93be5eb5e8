using System.Globalization;
using System.Text.Json;

namespace Ingest.Api.Parsing;

/// <summary>A log's timestamp from a JSON value: ISO 8601 and its common variants, or Unix time in any unit.</summary>
public static class TimestampParser
{
    public const string Error = "must be an ISO 8601 date-time (UTC when no offset is given) or a Unix time in seconds, milliseconds, microseconds or nanoseconds";

    /// <summary>ISO 8601 (no offset means UTC), other common date-time text, or Unix time (s, ms, µs, ns by magnitude).</summary>
    public static bool TryRead(ref Utf8JsonReader reader, out DateTimeOffset value)
    {
        value = default;
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out var integer)) return TryFromUnix(integer, out value);
            return reader.TryGetDouble(out var real) && TryFromUnix(real, out value);
        }
        if (reader.TokenType != JsonTokenType.String) return false;

        // With an explicit "+hh:mm" offset, one parse: TryGetDateTime would convert to local time and parse again below.
        var token = reader.ValueSpan;
        if (!reader.ValueIsEscaped && token.Length >= 25 && token[^3] == (byte)':' && token[^6] is (byte)'+' or (byte)'-'
            && reader.TryGetDateTimeOffset(out var explicitOffset))
        {
            value = explicitOffset.ToUniversalTime();
            return true;
        }

        if (reader.TryGetDateTime(out var dateTime))
        {
            switch (dateTime.Kind)
            {
                case DateTimeKind.Unspecified:
                    value = new DateTimeOffset(dateTime, TimeSpan.Zero);
                    return true;
                case DateTimeKind.Utc:
                    value = new DateTimeOffset(dateTime);
                    return true;
                default:
                    if (!reader.TryGetDateTimeOffset(out var withOffset)) return false;
                    value = withOffset.ToUniversalTime();
                    return true;
            }
        }

        // "2025-11-11 16:00:00[.fff][Z]" (Python, SQL, syslog tools): the ISO form with a space; read it as ISO without allocating.
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped && raw.Length is >= 19 and <= 40 && raw[10] == (byte)' ')
        {
            Span<byte> iso = stackalloc byte[42];
            iso[0] = (byte)'"';
            raw.CopyTo(iso[1..]);
            iso[11] = (byte)'T';
            iso[raw.Length + 1] = (byte)'"';
            var isoReader = new Utf8JsonReader(iso[..(raw.Length + 2)]);
            if (isoReader.Read() && TryRead(ref isoReader, out value)) return true;
        }

        // Slow path for the forms System.Text.Json does not take (RFC 1123, "1700000000", ...).
        if (raw.Length > 64) return false;
        var text = reader.GetString();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var unixInteger)) return TryFromUnix(unixInteger, out value);
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var unixReal)) return TryFromUnix(unixReal, out value);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces, out value);
    }

    /// <summary>Below 1e11 seconds, below 1e14 milliseconds, below 1e17 microseconds, else nanoseconds.</summary>
    public static bool TryFromUnix(long unix, out DateTimeOffset value)
    {
        var magnitude = unix == long.MinValue ? long.MaxValue : Math.Abs(unix);
        var ticksPerUnit = magnitude switch
        {
            < 100_000_000_000L => TimeSpan.TicksPerSecond,
            < 100_000_000_000_000L => TimeSpan.TicksPerMillisecond,
            < 100_000_000_000_000_000L => TimeSpan.TicksPerMicrosecond,
            _ => 0L,
        };
        long ticks;
        if (ticksPerUnit == 0) ticks = unix / 100; // nanoseconds
        else if (!TryMultiply(unix, ticksPerUnit, out ticks)) { value = default; return false; }
        return TryFromUnixTicks(ticks, out value);
    }

    public static bool TryFromUnix(double unix, out DateTimeOffset value)
    {
        var magnitude = Math.Abs(unix);
        double ticksPerUnit = magnitude switch
        {
            < 1e11 => TimeSpan.TicksPerSecond,
            < 1e14 => TimeSpan.TicksPerMillisecond,
            < 1e17 => TimeSpan.TicksPerMicrosecond,
            _ => 0.01,
        };
        var ticks = unix * ticksPerUnit;
        if (double.IsNaN(ticks) || ticks > long.MaxValue / 2 || ticks < long.MinValue / 2) { value = default; return false; }
        return TryFromUnixTicks((long)Math.Round(ticks), out value);
    }

    private static bool TryFromUnixTicks(long unixTicks, out DateTimeOffset value)
    {
        var ticks = DateTime.UnixEpoch.Ticks + unixTicks;
        if (unixTicks > DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks || ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            value = default;
            return false;
        }
        value = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    private static bool TryMultiply(long a, long b, out long result)
    {
        try
        {
            result = checked(a * b);
            return true;
        }
        catch (OverflowException)
        {
            result = 0;
            return false;
        }
    }
}
