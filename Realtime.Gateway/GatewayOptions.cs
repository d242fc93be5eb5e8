using System.ComponentModel.DataAnnotations;

namespace Realtime.Gateway;

/// <summary>Settings of the gateway (section <c>Gateway</c>), validated at start.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Tokens that open the streams and the REST API. Required unless <see cref="AllowAnonymous"/>.</summary>
    public string[] Tokens { get; set; } = [];

    /// <summary>Development only: streams open without a token.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Browser origins allowed to open a WebSocket (e.g. the dashboard's URL). Requests without Origin are not browsers.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Messages (batches) queued per client before the oldest are dropped for that client.</summary>
    [Range(1, 100_000)]
    public int SendQueueCapacity { get; set; } = 256;

    /// <summary>A client that keeps losing messages for this long is disconnected.</summary>
    public TimeSpan SlowClientTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The server pings every interval; a connection that has not answered within the timeout is closed.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Live log batches arriving within this time of the first go to each client as one message (0: each batch at once).
    /// Adds at most this much latency; with many clients it saves a send per client per batch.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan LiveWindow { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Kernel send buffer of each stream connection (0: the operating system's, which grows to megabytes).</summary>
    [Range(0, 16 * 1024 * 1024)]
    public int StreamSendBufferBytes { get; set; } = 128 * 1024;

    /// <summary>Largest message a client may send.</summary>
    [Range(16, 64 * 1024)]
    public int MaxClientMessageBytes { get; set; } = 512;

    /// <summary>Most logs a client may ask for on connect (<c>history=N</c>, or after an id: then the newest this many, and a <c>dropped</c> count for the rest).</summary>
    [Range(0, 100_000)]
    public int MaxHistory { get; set; } = 5_000;
}
