using System.Text.Json;
using LogPlatform.Contracts;

namespace Realtime.Gateway.Streaming;

/// <summary>
/// LogPlatform's own protocol: on a WebSocket, typed envelopes with the logs of a window batched in one <c>logs</c>
/// message; on SSE, one <c>log</c> event per log with its id (so EventSource resumes with Last-Event-ID).
/// </summary>
public sealed class NativeFormat : StreamFormat
{
    public const string FormatName = "native";
    public static readonly NativeFormat Instance = new();

    public override string Name => FormatName;

    public override OutgoingFrame? Logs(IReadOnlyList<LogEvent> logs, StreamProtocol protocol, DateTimeOffset now)
    {
        var frame = new FrameBuilder(protocol, 256 * logs.Count + 64);
        if (protocol == StreamProtocol.WebSocket)
        {
            var json = frame.BeginJson(LogEventName);
            json.WriteStartObject();
            json.WriteString("type"u8, EnvelopeTypes.Logs);
            json.WriteStartArray("data"u8);
            foreach (var log in logs) JsonSerializer.Serialize(json, log, ContractsJsonContext.Default.LogEvent);
            json.WriteEndArray();
            json.WriteString("timestamp"u8, now);
            json.WriteEndObject();
            frame.EndJson();
        }
        else
        {
            foreach (var log in logs)
            {
                JsonSerializer.Serialize(frame.BeginJson(LogEventName, log.Id), log, ContractsJsonContext.Default.LogEvent);
                frame.EndJson();
            }
        }
        return frame.Build(logs.Count);
    }

    public override OutgoingFrame? Stats(LiveStatsUpdate stats, StreamProtocol protocol, DateTimeOffset now)
        => EnvelopeFrames.RawData(EnvelopeTypes.StatsUpdate, stats.Json, protocol, now, "stats");

    public override OutgoingFrame? Alert(LiveAlert alert, StreamProtocol protocol, DateTimeOffset now)
        => EnvelopeFrames.RawData(alert.IsSystem ? EnvelopeTypes.SystemAlert : EnvelopeTypes.Alert, alert.Json, protocol, now, "alert");

    public override OutgoingFrame? Anomaly(LiveAnomaly anomaly, StreamProtocol protocol, DateTimeOffset now)
        => EnvelopeFrames.RawData(EnvelopeTypes.NewAnomaly, anomaly.Json, protocol, now, "anomaly");

    /// <summary>The SSE event of a log, in every format that sends logs over SSE.</summary>
    public const string LogEventName = "log";
}
