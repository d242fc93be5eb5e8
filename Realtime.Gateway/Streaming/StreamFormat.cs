using LogPlatform.Contracts;

namespace Realtime.Gateway.Streaming;

/// <summary>
/// The shape of a stream's messages. A format turns what the gateway relays (logs, stats, alerts, anomalies) and its
/// replies into frames; it returns null for what its clients do not receive. Formats are singletons without state, so the
/// fan-out can share a frame between every client with the same filter, format and protocol.
/// </summary>
/// <remarks>Control messages (errors, filter changes, pong, dropped notices) default to the platform's envelope.</remarks>
public abstract class StreamFormat
{
    /// <summary>The <c>format=</c> value that selects it.</summary>
    public abstract string Name { get; }

    /// <summary>Paths that send this format when the client names none (foreign clients cannot add <c>format=</c>).</summary>
    public virtual IReadOnlyList<string> DefaultOnPaths => [];

    public virtual bool CarriesLogs => true;
    public virtual bool CarriesStats => true;
    public virtual bool CarriesAlerts => true;
    public virtual bool CarriesAnomalies => true;

    public abstract OutgoingFrame? Logs(IReadOnlyList<LogEvent> logs, StreamProtocol protocol, DateTimeOffset now);

    public virtual OutgoingFrame? Stats(LiveStatsUpdate stats, StreamProtocol protocol, DateTimeOffset now) => null;

    public virtual OutgoingFrame? Alert(LiveAlert alert, StreamProtocol protocol, DateTimeOffset now) => null;

    public virtual OutgoingFrame? Anomaly(LiveAnomaly anomaly, StreamProtocol protocol, DateTimeOffset now) => null;

    /// <summary>The greeting on a WebSocket (SSE has none).</summary>
    public virtual OutgoingFrame? Connected(StreamGreeting connection, DateTimeOffset now) => EnvelopeFrames.Control(
        EnvelopeTypes.ConnectionEstablished, StreamProtocol.WebSocket, now, json =>
        {
            json.WriteString("status"u8, "connected");
            json.WriteNumber("connection_id"u8, connection.ConnectionId);
            json.WriteString("stream"u8, connection.Kind.ToString().ToLowerInvariant());
            json.WriteString("format"u8, connection.Format);
            json.WriteString("filter"u8, connection.Filter.ToString());
            json.WriteNumber("heartbeat_interval_seconds"u8, connection.HeartbeatInterval.TotalSeconds);
            json.WriteNumber("max_message_bytes"u8, connection.MaxMessageBytes);
        });

    /// <param name="plainText">The client sent the bare text <c>ping</c> rather than a JSON message.</param>
    public virtual OutgoingFrame Pong(bool plainText, DateTimeOffset now)
        => EnvelopeFrames.Control(EnvelopeTypes.Pong, StreamProtocol.WebSocket, now, json => json.WriteString("timestamp"u8, now));

    /// <summary>A bare <c>pong</c> text message: the answer clients that ping in plain text wait for.</summary>
    protected static OutgoingFrame PlainPong()
    {
        var frame = new FrameBuilder(StreamProtocol.WebSocket, 8);
        frame.Text("pong"u8, "pong");
        return frame.Build()!;
    }

    public virtual OutgoingFrame Error(string message, DateTimeOffset now)
        => EnvelopeFrames.Control(EnvelopeTypes.Error, StreamProtocol.WebSocket, now, json => json.WriteString("message"u8, message));

    public virtual OutgoingFrame FilterUpdated(LogFilter filter, DateTimeOffset now)
        => EnvelopeFrames.Control("filter_updated", StreamProtocol.WebSocket, now, json => json.WriteString("filter"u8, filter.ToString()));

    /// <summary>Logs this client will not get: <paramref name="reason"/> null when it fell behind, <c>history_limit</c> on resume.</summary>
    public virtual OutgoingFrame? Dropped(long count, long? total, string? reason, StreamProtocol protocol, DateTimeOffset now)
        => EnvelopeFrames.Control(EnvelopeTypes.Dropped, protocol, now, json =>
        {
            json.WriteNumber("count"u8, count);
            if (total is { } t) json.WriteNumber("total"u8, t);
            if (reason is not null) json.WriteString("reason"u8, reason);
        });
}
