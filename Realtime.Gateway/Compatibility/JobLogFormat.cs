using System.Text.Json;
using LogPlatform.Contracts;
using Realtime.Gateway.Streaming;

namespace Realtime.Gateway.Compatibility;

/// <summary>
/// Clients of a job runner's log streams (<c>/api/v1/logs/stream/ws</c> and <c>/sse</c>, global or narrowed with
/// <c>?job_run_id=</c>): one log per message (per <c>log</c> event on SSE), the bare log with lower-case <c>level</c> and the
/// job's fields at the top level (<c>job_run_id</c>, <c>task_run_id</c>, <c>stream</c>, <c>task_name</c>), taken from the
/// log's properties. The default on those two paths.
/// </summary>
public sealed class JobLogFormat : StreamFormat
{
    public const string FormatName = "job-logs";
    public const string WebSocketPath = "/api/v1/logs/stream/ws";
    public const string SsePath = "/api/v1/logs/stream/sse";

    /// <summary>The properties lifted to the top level, under the same names.</summary>
    public static readonly string[] JobFields = ["job_run_id", "task_run_id", "stream", "task_name"];

    public override string Name => FormatName;
    public override IReadOnlyList<string> DefaultOnPaths => [WebSocketPath, SsePath];
    public override bool CarriesStats => false;
    public override bool CarriesAlerts => false;
    public override bool CarriesAnomalies => false;

    public override OutgoingFrame? Logs(IReadOnlyList<LogEvent> logs, StreamProtocol protocol, DateTimeOffset now)
    {
        var frame = new FrameBuilder(protocol, 300 * logs.Count + 16);
        foreach (var log in logs) Write(frame, log, stream: null);
        return frame.Build(logs.Count);
    }

    /// <summary>Its clients read every message as a log: no greeting.</summary>
    public override OutgoingFrame? Connected(StreamGreeting connection, DateTimeOffset now) => null;

    public override OutgoingFrame Pong(bool plainText, DateTimeOffset now) => plainText ? PlainPong() : base.Pong(plainText, now);

    /// <summary>A log of the <c>system</c> stream, which these clients already show apart from a job's own output.</summary>
    public override OutgoingFrame? Dropped(long count, long? total, string? reason, StreamProtocol protocol, DateTimeOffset now)
    {
        var frame = new FrameBuilder(protocol);
        Write(frame, BareLogWriter.DroppedNotice(count, total, reason, now), stream: "system");
        return frame.Build();
    }

    private static void Write(FrameBuilder frame, LogEvent log, string? stream)
    {
        var json = frame.BeginJson(NativeFormat.LogEventName, log.Id == 0 ? null : log.Id);
        json.WriteStartObject();
        BareLogWriter.WriteFields(json, log, upperLevel: false);
        foreach (var field in JobFields)
        {
            var value = field == "stream" && stream is not null ? stream : BareLogWriter.Property(log, field);
            if (value is not null) json.WriteString(field, value);
        }
        json.WriteEndObject();
        frame.EndJson();
    }
}
