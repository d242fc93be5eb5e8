using System.ComponentModel.DataAnnotations;

namespace Ingest.Api.Syslog;

/// <summary>Configuration section <c>Ingest:Syslog</c>: the syslog listeners. Both are off unless a port is set. Validated at start.</summary>
public sealed class SyslogOptions
{
    public const string SectionName = IngestOptions.SectionName + ":Syslog";

    /// <summary>TCP port (octet-counting or newline framing, detected per connection); 0 = no TCP listener.</summary>
    [Range(0, 65535)]
    public int TcpPort { get; set; }

    /// <summary>UDP port (one datagram = one message); 0 = no UDP listener.</summary>
    [Range(0, 65535)]
    public int UdpPort { get; set; }

    /// <summary>
    /// The address both listeners bind. Loopback by default: syslog has no API key, so anyone who reaches the port can
    /// write logs; listening on the network (<c>0.0.0.0</c>, <c>::</c>) is an operator's explicit choice behind a firewall.
    /// </summary>
    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The text format of the messages: <c>syslog</c> (RFC 5424 or 3164, per message) or any format name.</summary>
    [Required]
    public string Format { get; set; } = "syslog";

    /// <summary>Largest message (TCP frame or UDP datagram); larger ones are dead-lettered with the reason, their first bytes kept.</summary>
    [Range(480, 16 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Most TCP connections at once; more are closed at accept.</summary>
    [Range(1, 100_000)]
    public int MaxConnections { get; set; } = 1000;

    /// <summary>A TCP connection that sends nothing for this long is closed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most messages in one enqueue (one MULTI of stream entries of up to <see cref="IngestOptions.ChunkSize"/> logs).</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Longest a message waits for its batch to fill.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan BatchDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Messages received and not yet enqueued, across listeners; when full, TCP stops reading and UDP drops.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 5000;
}
