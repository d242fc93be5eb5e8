using System.Buffers.Text;
using LogPlatform.Contracts;

namespace Ingest.Api.Formats;

/// <summary>
/// Apache/Nginx access logs, common (<c>host ident user [time] "request" status bytes</c>) and combined (plus
/// <c>"referrer" "user-agent"</c>), optionally followed by a response time: a decimal is seconds (Nginx
/// <c>$request_time</c>), an integer microseconds (Apache <c>%D</c>); both become <c>response_time_ms</c>.
/// The message is the line itself; status ≥ 500 is an error, ≥ 400 a warning, else info.
/// </summary>
public sealed class AccessLogFormat() : LineFormat(FormatName)
{
    public const string FormatName = "access";

    public override bool TryParse(ReadOnlySpan<byte> line, DateTimeOffset receivedAt, TextLogRecord record)
    {
        var hostEnd = Utf8Text.NextSpace(line, 0);
        if (hostEnd == 0 || hostEnd >= line.Length) return record.Fail("access: expected 'host ident user [time]'");
        var identEnd = Utf8Text.NextSpace(line, hostEnd + 1);
        if (identEnd >= line.Length) return record.Fail("access: expected 'host ident user [time]'");
        var userStart = identEnd + 1;
        var open = line[userStart..].IndexOf(" ["u8);
        if (open < 0) return record.Fail("access: expected '[dd/Mmm/yyyy:hh:mm:ss zone]'");
        var userEnd = userStart + open;
        var timeStart = userEnd + 2;
        if (timeStart + 27 > line.Length || line[timeStart + 26] != (byte)']'
            || !TextTimestamps.TryParseAccessLog(line.Slice(timeStart, 26), out var timestamp))
            return record.Fail("access: expected '[dd/Mmm/yyyy:hh:mm:ss zone]'");
        var i = timeStart + 27;
        if (i + 2 > line.Length || line[i] != (byte)' ' || line[i + 1] != (byte)'"') return record.Fail("access: expected '\"request\"' after the time");
        i += 2;
        if (!ReadQuoted(line, ref i, out var request)) return record.Fail("access: the request has no closing quote");

        // status and bytes
        if (i >= line.Length || line[i] != (byte)' ') return record.Fail("access: expected a status after the request");
        var statusStart = i + 1;
        var statusEnd = Utf8Text.NextSpace(line, statusStart);
        if (!Utf8Text.TryParseDigits(line[statusStart..statusEnd], out var status) || statusEnd - statusStart != 3)
            return record.Fail("access: the status is not a 3-digit number");
        var bytesStart = statusEnd + 1;
        var bytesEnd = bytesStart > line.Length ? line.Length : Utf8Text.NextSpace(line, Math.Min(bytesStart, line.Length));
        if (bytesStart >= line.Length) return record.Fail("access: expected the size after the status");
        var bytesText = line[bytesStart..bytesEnd];
        long bytes = 0;
        if (!bytesText.SequenceEqual("-"u8) && !Utf8Text.TryParseDigits(bytesText, out bytes)) return record.Fail("access: the size is not a number or '-'");

        record.Timestamp = timestamp;
        record.Level = status >= 500 ? LogSeverity.Error : status >= 400 ? LogSeverity.Warn : LogSeverity.Info;
        record.Message = new TextSpan(0, Utf8Text.TrimEndLength(line, 0, line.Length));
        record.Add(TextFieldNames.Client, new TextSpan(0, hostEnd));
        if (!line[userStart..userEnd].SequenceEqual("-"u8)) record.Add(TextFieldNames.User, new TextSpan(userStart, userEnd - userStart));
        AddRequest(line, request, record);
        record.Add(TextFieldNames.Status, status);
        record.Add(TextFieldNames.Bytes, bytes);

        i = bytesEnd;
        if (i + 1 < line.Length && line[i] == (byte)' ' && line[i + 1] == (byte)'"')
        {
            i += 2;
            if (!ReadQuoted(line, ref i, out var referrer)) return record.Fail("access: the referrer has no closing quote");
            AddUnlessDash(line, TextFieldNames.Referrer, referrer, record);
            if (i + 1 < line.Length && line[i] == (byte)' ' && line[i + 1] == (byte)'"')
            {
                i += 2;
                if (!ReadQuoted(line, ref i, out var agent)) return record.Fail("access: the user agent has no closing quote");
                AddUnlessDash(line, TextFieldNames.UserAgent, agent, record);
            }
        }
        ReadResponseTime(line, i, record);
        return true;
    }

    private static void AddRequest(ReadOnlySpan<byte> line, TextSpan request, TextLogRecord record)
    {
        var text = line.Slice(request.Start, request.Length);
        var first = text.IndexOf((byte)' ');
        var last = text.LastIndexOf((byte)' ');
        if (first > 0 && last > first)
        {
            record.Add(TextFieldNames.Method, request with { Length = first });
            record.Add(TextFieldNames.Path, new TextSpan(request.Start + first + 1, last - first - 1));
            record.Add(TextFieldNames.Protocol, new TextSpan(request.Start + last + 1, request.Length - last - 1));
        }
        else if (request.Length > 0) record.Add(TextFieldNames.Request, request);
    }

    private static void AddUnlessDash(ReadOnlySpan<byte> line, System.Text.Json.JsonEncodedText name, TextSpan value, TextLogRecord record)
    {
        if (value.Length > 0 && !line.Slice(value.Start, value.Length).SequenceEqual("-"u8)) record.Add(name, value);
    }

    /// <summary>The first trailing number, if any (Nginx's <c>$request_time</c>, Apache's <c>%D</c>).</summary>
    /// <remarks>
    /// Whole milliseconds (Nginx's three decimals, or Apache's microseconds divisible by 1,000) are written as an integer:
    /// formatting a double costs more than parsing the whole line. Other values stay exact as a double.
    /// </remarks>
    private static void ReadResponseTime(ReadOnlySpan<byte> line, int i, TextLogRecord record)
    {
        i = Utf8Text.SkipSpaces(line, i);
        if (i >= line.Length) return;
        var end = Utf8Text.NextSpace(line, i);
        var token = line[i..end];
        var dot = token.IndexOf((byte)'.');
        if (dot >= 0)
        {
            var fraction = token[(dot + 1)..];
            if (fraction.Length <= 3 && Utf8Text.TryParseDigits(token[..dot], out var whole) && whole < long.MaxValue / 1000
                && (fraction.IsEmpty || Utf8Text.TryParseDigits(fraction, out _)))
            {
                long milliseconds = 0;
                for (var d = 0; d < 3; d++) milliseconds = milliseconds * 10 + (d < fraction.Length ? fraction[d] - '0' : 0);
                record.Add(TextFieldNames.ResponseTimeMs, whole * 1000 + milliseconds);
            }
            else if (Utf8Parser.TryParse(token, out double seconds, out var consumed) && consumed == token.Length)
            {
                record.Add(TextFieldNames.ResponseTimeMs, seconds * 1000);
            }
        }
        else if (Utf8Text.TryParseDigits(token, out var microseconds))
        {
            if (microseconds % 1000 == 0) record.Add(TextFieldNames.ResponseTimeMs, microseconds / 1000);
            else record.Add(TextFieldNames.ResponseTimeMs, microseconds / 1000.0);
        }
    }

    /// <summary>A quoted field whose quotes inside are escaped with a backslash (Apache <c>\"</c>); kept as written.</summary>
    private static bool ReadQuoted(ReadOnlySpan<byte> line, ref int i, out TextSpan value)
    {
        var start = i;
        var j = i;
        while (j < line.Length)
        {
            // Vectorised search for the next quote or backslash instead of a byte-by-byte loop.
            var next = line[j..].IndexOfAny((byte)'"', (byte)'\\');
            if (next < 0) break;
            j += next;
            if (line[j] == (byte)'\\')
            {
                j += 2;
                continue;
            }
            value = new TextSpan(start, j - start);
            i = j + 1;
            return true;
        }
        value = default;
        return false;
    }
}
