using LogPlatform.Contracts;
using Realtime.Gateway.Streaming;

namespace Realtime.Gateway.Compatibility;

/// <summary>
/// Clients of a log aggregator's <c>/ws/logs</c> that parse every message as one log: one bare log object per message
/// (<c>id</c>, <c>timestamp</c>, upper-case <c>level</c>, <c>source</c>, <c>application</c>, <c>message</c>, <c>metadata</c>),
/// no greeting, and a plain <c>pong</c> for a plain <c>ping</c>. The default on <c>/ws/logs</c>.
/// </summary>
public sealed class LogObjectFormat : StreamFormat
{
    public const string FormatName = "log-objects";

    public override string Name => FormatName;
    public override IReadOnlyList<string> DefaultOnPaths => ["/ws/logs"];
    public override bool CarriesStats => false;
    public override bool CarriesAlerts => false;
    public override bool CarriesAnomalies => false;

    public override OutgoingFrame? Logs(IReadOnlyList<LogEvent> logs, StreamProtocol protocol, DateTimeOffset now)
    {
        var frame = new FrameBuilder(protocol, 256 * logs.Count + 16);
        foreach (var log in logs) Write(frame, log);
        return frame.Build(logs.Count);
    }

    /// <summary>Its clients would show an envelope as a log with no fields: they get none.</summary>
    public override OutgoingFrame? Connected(StreamGreeting connection, DateTimeOffset now) => null;

    public override OutgoingFrame Pong(bool plainText, DateTimeOffset now) => plainText ? PlainPong() : base.Pong(plainText, now);

    public override OutgoingFrame? Dropped(long count, long? total, string? reason, StreamProtocol protocol, DateTimeOffset now)
    {
        var frame = new FrameBuilder(protocol);
        Write(frame, BareLogWriter.DroppedNotice(count, total, reason, now));
        return frame.Build();
    }

    private static void Write(FrameBuilder frame, LogEvent log)
    {
        var json = frame.BeginJson(NativeFormat.LogEventName, log.Id == 0 ? null : log.Id);
        json.WriteStartObject();
        BareLogWriter.WriteFields(json, log, upperLevel: true);
        json.WriteEndObject();
        frame.EndJson();
    }
}
