namespace Ingest.Api.Syslog;

/// <summary>What a TCP frame or a datagram turned out to be. Only <see cref="Message"/> is parsed; the rest are dead-lettered.</summary>
public enum SyslogFrameKind
{
    Message,
    /// <summary>Longer than <see cref="SyslogOptions.MaxMessageBytes"/>: only its first bytes were kept, the rest skipped.</summary>
    Oversized,
    /// <summary>An octet count that is not one (the connection is closed after it: the stream has lost its framing).</summary>
    Invalid,
    /// <summary>The connection closed inside an octet-counted frame.</summary>
    Incomplete,
}
