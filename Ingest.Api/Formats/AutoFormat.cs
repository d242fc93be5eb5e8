namespace Ingest.Api.Formats;

/// <summary>
/// <c>auto</c>, for lines that are not JSON: picks the format from the line's first bytes (CEF, a syslog PRI or BSD
/// timestamp, an access-log <c>[time] "request"</c>, a logfmt <c>key=</c>) and says which one parsed it
/// (<see cref="TextLogRecord.ParsedAs"/>). Custom formats are never guessed: name them.
/// </summary>
public sealed class AutoFormat(CefFormat cef, SyslogFormat syslog, AccessLogFormat access, LogfmtFormat logfmt) : LineFormat(FormatName)
{
    public const string FormatName = "auto";

    private const string NoMatch = "auto: no format matched (tried json, rfc5424, rfc3164, access, cef, logfmt)";

    public override bool TryParse(ReadOnlySpan<byte> line, DateTimeOffset receivedAt, TextLogRecord record)
    {
        if (line.IsEmpty) return record.Fail(NoMatch);
        if (CefFormat.Recognises(line)) return Use(cef, line, receivedAt, record);
        if (line[0] == (byte)'<' || (TextTimestamps.Month(line) > 0 && line.Length > 15 && line[3] == (byte)' '))
        {
            if (syslog.TryParse(line, receivedAt, record)) return true;
            return false; // keep the syslog parser's reason: the line looked like syslog
        }
        if (LooksLikeAccessLog(line))
        {
            if (Use(access, line, receivedAt, record)) return true;
            return false;
        }
        record.Reset();
        if (Use(logfmt, line, receivedAt, record)) return true;
        record.Reset();
        return record.Fail(NoMatch);
    }

    private static bool Use(LineFormat format, ReadOnlySpan<byte> line, DateTimeOffset receivedAt, TextLogRecord record)
    {
        record.ParsedAs = format;
        return format.TryParse(line, receivedAt, record);
    }

    /// <summary><c>host ident user [dd/</c> within the first few fields.</summary>
    private static bool LooksLikeAccessLog(ReadOnlySpan<byte> line)
    {
        var head = line[..Math.Min(line.Length, 300)];
        var open = head.IndexOf(" ["u8);
        return open > 0 && open + 5 < head.Length && head[open + 4] == (byte)'/' && head[..open].Count((byte)' ') == 2;
    }
}
