using LogPlatform.Contracts;

namespace Ingest.Api.Formats;

/// <summary>
/// ArcSight CEF: <c>CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|Extension</c>, optionally behind a syslog
/// header (RFC 3164 or 5424: its timestamp and host are used). Header fields escape <c>\|</c> and <c>\\</c>; extension
/// values <c>\=</c>, <c>\\</c>, <c>\n</c>, <c>\r</c>. The name is the message, the product the application, <c>dvchost</c>
/// (else <c>dvc</c>, else the syslog host) the source, <c>rt</c> the timestamp; each extension pair is a property.
/// Severity 0–3 or Low → info, 4–6 or Medium → warn, 7–8 or High → error, 9–10 or Very-High → fatal.
/// </summary>
public sealed class CefFormat(Rfc5424Format rfc5424, Rfc3164Format rfc3164) : LineFormat(FormatName)
{
    public const string FormatName = "cef";

    private static ReadOnlySpan<byte> Marker => "CEF:"u8;

    /// <summary>True when the line is CEF, bare or behind a syslog header.</summary>
    public static bool Recognises(ReadOnlySpan<byte> line) => FindStart(line) >= 0;

    public override bool TryParse(ReadOnlySpan<byte> line, DateTimeOffset receivedAt, TextLogRecord record)
    {
        var start = FindStart(line);
        if (start < 0) return record.Fail("cef: expected 'CEF:' at the start or after a syslog header");
        TextSpan syslogHost = TextSpan.None;
        if (start > 0)
        {
            var header = line[..start];
            LineFormat syslog = Rfc5424Format.Recognises(header) ? rfc5424 : rfc3164;
            if (!syslog.TryParse(header, receivedAt, record)) return record.Fail("cef: the text before 'CEF:' is not a syslog header");
            syslogHost = record.Source;
            record.Message = record.Application = TextSpan.None;
        }

        var i = start + Marker.Length;
        Span<TextSpan> fields = stackalloc TextSpan[7];
        for (var f = 0; f < 7; f++)
        {
            if (!ReadHeaderField(line, ref i, record, out fields[f])) return record.Fail("cef: the header needs 7 '|'-separated fields before the extension");
        }
        record.Add(TextFieldNames.CefVersion, fields[0]);
        record.Add(TextFieldNames.DeviceVendor, fields[1]);
        record.Add(TextFieldNames.DeviceProduct, fields[2]);
        record.Add(TextFieldNames.DeviceVersion, fields[3]);
        record.Add(TextFieldNames.SignatureId, fields[4]);
        record.Add(TextFieldNames.CefSeverity, fields[6]);
        record.Message = fields[5];
        record.Application = fields[2];
        record.Level = ToLevel(record.Resolve(line, fields[6]));

        ReadExtension(line, i, record, out var deviceHost, out var deviceAddress, out var receiptTime);
        record.Source = deviceHost.IsPresent ? deviceHost : deviceAddress.IsPresent ? deviceAddress : syslogHost;
        if (receiptTime.IsPresent && TryReadTime(record.Resolve(line, receiptTime), receivedAt, out var timestamp)) record.Timestamp = timestamp;
        return true;
    }

    private static int FindStart(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith(Marker)) return 0;
        // Behind a syslog header: "<PRI>..." or "Mmm dd hh:mm:ss host CEF:...".
        if (line.IsEmpty || (line[0] != (byte)'<' && TextTimestamps.Month(line) == 0)) return -1;
        var at = line.IndexOf(" CEF:"u8);
        return at < 0 ? -1 : at + 1;
    }

    public static LogSeverity ToLevel(ReadOnlySpan<byte> severity)
    {
        if (Utf8Text.TryParseDigits(severity, out var n))
        {
            return n switch
            {
                <= 3 => LogSeverity.Info,
                <= 6 => LogSeverity.Warn,
                <= 8 => LogSeverity.Error,
                _ => LogSeverity.Fatal,
            };
        }
        if (Utf8Text.EqualsLower(severity, "low"u8)) return LogSeverity.Info;
        if (Utf8Text.EqualsLower(severity, "medium"u8)) return LogSeverity.Warn;
        if (Utf8Text.EqualsLower(severity, "high"u8)) return LogSeverity.Error;
        if (Utf8Text.EqualsLower(severity, "very-high"u8) || Utf8Text.EqualsLower(severity, "very high"u8)) return LogSeverity.Fatal;
        return LogSeverity.Info;
    }

    /// <summary>Up to the next unescaped <c>|</c>; unescapes <c>\|</c> and <c>\\</c> into scratch only when there is a backslash.</summary>
    private static bool ReadHeaderField(ReadOnlySpan<byte> line, ref int i, TextLogRecord record, out TextSpan value)
    {
        var rest = line[i..];
        var end = rest.IndexOfAny((byte)'|', (byte)'\\');
        value = default;
        if (end < 0) return false;
        if (rest[end] == (byte)'|')
        {
            value = new TextSpan(i, end);
            i += end + 1;
            return true;
        }
        var target = record.GetScratch(rest.Length);
        var written = 0;
        for (var j = 0; j < rest.Length; j++)
        {
            var b = rest[j];
            if (b == (byte)'|')
            {
                value = record.CommitScratch(written);
                i += j + 1;
                return true;
            }
            if (b == (byte)'\\' && j + 1 < rest.Length && rest[j + 1] is (byte)'|' or (byte)'\\') b = rest[++j];
            target[written++] = b;
        }
        return false;
    }

    /// <summary>
    /// <c>key=value</c> pairs separated by spaces, where a value may hold spaces: it runs up to the space before the
    /// next unescaped <c>=</c>'s key.
    /// </summary>
    private static void ReadExtension(ReadOnlySpan<byte> line, int i, TextLogRecord record,
        out TextSpan deviceHost, out TextSpan deviceAddress, out TextSpan receiptTime)
    {
        deviceHost = deviceAddress = receiptTime = TextSpan.None;
        i = Utf8Text.SkipSpaces(line, i);
        while (i < line.Length)
        {
            var eq = line[i..].IndexOf((byte)'=');
            if (eq <= 0) return; // trailing text without a key: ignore
            var key = new TextSpan(i, eq);
            var valueStart = i + eq + 1;
            var valueEnd = line.Length;
            var next = line.Length;
            var escaped = false;
            var lastSpace = -1;
            for (var j = valueStart; j < line.Length; j++)
            {
                var b = line[j];
                if (b == (byte)'\\') { escaped = true; j++; continue; }
                if (b == (byte)' ') { lastSpace = j; continue; }
                if (b != (byte)'=') continue;
                // The key of the next pair starts after the last space before this '=' (one pass: no rescans).
                if (lastSpace < 0) continue; // an unescaped '=' inside the value: keep it
                valueEnd = lastSpace;
                next = lastSpace + 1;
                break;
            }
            var length = Utf8Text.TrimEndLength(line, valueStart, valueEnd);
            var value = escaped ? Unescape(line.Slice(valueStart, length), record) : new TextSpan(valueStart, length);
            var name = line.Slice(key.Start, key.Length);
            if (name.SequenceEqual("dvchost"u8)) deviceHost = value;
            else if (name.SequenceEqual("dvc"u8)) deviceAddress = value;
            else if (name.SequenceEqual("rt"u8)) receiptTime = value;
            record.Add(key, value);
            i = Utf8Text.SkipSpaces(line, next);
        }
    }

    private static TextSpan Unescape(ReadOnlySpan<byte> value, TextLogRecord record)
    {
        var target = record.GetScratch(value.Length);
        var written = 0;
        for (var j = 0; j < value.Length; j++)
        {
            var b = value[j];
            if (b == (byte)'\\' && j + 1 < value.Length)
            {
                b = value[++j] switch
                {
                    (byte)'n' => (byte)'\n',
                    (byte)'r' => (byte)'\r',
                    var other => other, // \= \\ \|
                };
            }
            target[written++] = b;
        }
        return record.CommitScratch(written);
    }

    /// <summary><c>rt</c>: Unix milliseconds, <c>MMM dd yyyy HH:mm:ss</c>, <c>MMM dd HH:mm:ss</c> or ISO 8601.</summary>
    private static bool TryReadTime(ReadOnlySpan<byte> text, DateTimeOffset receivedAt, out DateTimeOffset value)
    {
        if (text.Length >= 20 && TextTimestamps.Month(text) > 0 && text[6] == (byte)' ' && text[11] == (byte)' ')
        {
            // "Feb 14 2024 19:04:54": move the year out and read the BSD form for that year.
            Span<byte> bsd = stackalloc byte[15];
            text[..7].CopyTo(bsd);
            text.Slice(12, 8).CopyTo(bsd[7..]);
            if (Utf8Text.TryDigits(text, 7, 4, out var year)
                && TextTimestamps.TryParseBsd(bsd, new DateTimeOffset(year, 12, 31, 0, 0, 0, TimeSpan.Zero), out value))
            {
                if (value.Year != year) value = value.AddYears(year - value.Year);
                return true;
            }
        }
        if (TextTimestamps.TryParseBsd(text, receivedAt, out value)) return true;
        return TextTimestamps.TryParseAny(text, out value);
    }
}
