namespace Ingest.Api.Formats;

/// <summary><c>syslog</c>: RFC 5424 when the line says version 1 after its PRI, else RFC 3164 (with or without PRI).</summary>
public sealed class SyslogFormat(Rfc5424Format rfc5424, Rfc3164Format rfc3164) : LineFormat(FormatName)
{
    public const string FormatName = "syslog";

    public override bool TryParse(ReadOnlySpan<byte> line, DateTimeOffset receivedAt, TextLogRecord record)
    {
        var format = Rfc5424Format.Recognises(line) ? (LineFormat)rfc5424 : rfc3164;
        record.ParsedAs = format;
        return format.TryParse(line, receivedAt, record);
    }
}
