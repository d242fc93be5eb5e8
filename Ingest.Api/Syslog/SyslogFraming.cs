namespace Ingest.Api.Syslog;

/// <summary>How a TCP connection frames its messages; decided by its first byte.</summary>
public enum SyslogFraming
{
    Unknown,
    OctetCounting,
    NewLine,
}
