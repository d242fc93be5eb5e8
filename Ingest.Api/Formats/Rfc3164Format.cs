namespace Ingest.Api.Formats;

/// <summary>
/// BSD syslog (RFC 3164): <c>[&lt;PRI&gt;]Mmm dd hh:mm:ss host tag[pid]: message</c>, with or without PRI (as in
/// /var/log files). The host is the source, the tag the application, the pid a property; without PRI the level is info.
/// The timestamp has no year or zone: UTC, and the year is inferred from the receipt (<see cref="TextTimestamps.TryParseBsd"/>).
/// </summary>
public sealed class Rfc3164Format() : LineFormat(FormatName)
{
    public const string FormatName = "rfc3164";

    /// <summary>Tags are short (RFC 3164: at most 32 characters); a colon further in belongs to the message.</summary>
    private const int MaxTagBytes = 48;

    public override bool TryParse(ReadOnlySpan<byte> line, DateTimeOffset receivedAt, TextLogRecord record)
    {
        var i = SyslogPriority.TryRead(line, out var priority);
        if (i > 0) SyslogPriority.Apply(priority, record);
        else i = 0;

        if (!TextTimestamps.TryParseBsd(line[i..], receivedAt, out var timestamp))
            return record.Fail("rfc3164: expected a timestamp 'Mmm dd hh:mm:ss'");
        record.Timestamp = timestamp;
        i += 15;
        if (i >= line.Length || line[i] != (byte)' ') return record.Fail("rfc3164: expected a host name after the timestamp");

        i = Utf8Text.SkipSpaces(line, i);
        var hostEnd = Utf8Text.NextSpace(line, i);
        if (hostEnd == i || hostEnd >= line.Length) return record.Fail("rfc3164: expected a host name and a message after the timestamp");
        record.Source = new TextSpan(i, hostEnd - i);
        i = Utf8Text.SkipSpaces(line, hostEnd);

        var messageStart = ReadTag(line, i, record);
        messageStart = Utf8Text.SkipSpaces(line, messageStart);
        record.Message = new TextSpan(messageStart, Utf8Text.TrimEndLength(line, messageStart, line.Length));
        return true;
    }

    /// <summary><c>tag[pid]:</c> or <c>tag:</c> (the tag may hold spaces: "syslogd 1.4.1:"); without one the message starts here.</summary>
    /// <returns>Where the message starts.</returns>
    internal static int ReadTag(ReadOnlySpan<byte> line, int start, TextLogRecord record)
    {
        var window = line[start..Math.Min(line.Length, start + MaxTagBytes)];
        var colon = window.IndexOf((byte)':');
        var bracket = window.IndexOf((byte)'[');
        if (bracket > 0 && (colon < 0 || bracket < colon))
        {
            var close = window[bracket..].IndexOf((byte)']');
            if (close > 0 && bracket + close + 1 < window.Length && window[bracket + close + 1] == (byte)':')
            {
                record.Application = new TextSpan(start, bracket);
                record.AddNumberOrString(TextFieldNames.Pid, line, new TextSpan(start + bracket + 1, close - 1));
                return start + bracket + close + 2;
            }
            return start;
        }
        if (colon > 0 && (start + colon + 1 == line.Length || line[start + colon + 1] == (byte)' '))
        {
            record.Application = new TextSpan(start, Utf8Text.TrimEndLength(line, start, start + colon));
            return start + colon + 1;
        }
        return start;
    }
}
