using System.Text.Json;
using LogPlatform.Contracts;
using Realtime.Gateway.Streaming;

namespace Realtime.Gateway.Compatibility;

/// <summary>
/// Clients of a WebSocket hub's <c>/ws</c> that switch on typed envelopes, one item each: <c>connection_established</c>
/// (<c>data.status</c>), <c>log_update</c> (<c>data.log</c>), <c>stats_update</c> (<c>data.stats</c>: <c>totalLogs</c>,
/// <c>anomalyCount</c>, <c>anomalyRate</c>, <c>activeServices</c>), <c>system_alert</c> (<c>data.alertType</c>),
/// <c>new_anomaly</c> (<c>data.log</c>, <c>data.analysis</c>) and <c>pong</c> (<c>data.timestamp</c>). The default on <c>/ws</c>.
/// </summary>
/// <remarks>
/// The anomaly counts are those of the last hour on this replica and the active services the sources that logged in the
/// last five minutes (<see cref="RecentActivity"/>); <c>totalLogs</c> is the platform's stored total.
/// </remarks>
public sealed class TypedEventFormat : StreamFormat
{
    public const string FormatName = "typed";
    public const string LogUpdate = "log_update";

    public override string Name => FormatName;
    public override IReadOnlyList<string> DefaultOnPaths => ["/ws"];

    public override OutgoingFrame? Logs(IReadOnlyList<LogEvent> logs, StreamProtocol protocol, DateTimeOffset now)
    {
        var frame = new FrameBuilder(protocol, 300 * logs.Count + 16);
        foreach (var log in logs)
        {
            EnvelopeFrames.WriteObject(frame, LogUpdate, LogUpdate, now, json =>
            {
                json.WriteStartObject("log"u8);
                BareLogWriter.WriteFields(json, log, upperLevel: true);
                json.WriteEndObject();
            });
        }
        return frame.Build(logs.Count);
    }

    public override OutgoingFrame? Stats(LiveStatsUpdate stats, StreamProtocol protocol, DateTimeOffset now)
    {
        var frame = new FrameBuilder(protocol);
        EnvelopeFrames.WriteObject(frame, EnvelopeTypes.StatsUpdate, "stats", now, json =>
        {
            json.WriteStartObject("stats"u8);
            json.WriteNumber("totalLogs"u8, stats.Stats.TotalMessages);
            json.WriteNumber("anomalyCount"u8, stats.Activity.Anomalies);
            json.WriteNumber("anomalyRate"u8, Math.Round(stats.Activity.AnomalyRate, 6));
            json.WriteNumber("activeServices"u8, stats.Activity.ActiveSources);
            json.WriteEndObject();
        });
        return frame.Build();
    }

    /// <summary>Every alert, the platform's and the operators' rules', as a <c>system_alert</c> named by its code or rule.</summary>
    public override OutgoingFrame? Alert(LiveAlert alert, StreamProtocol protocol, DateTimeOffset now)
    {
        var frame = new FrameBuilder(protocol);
        EnvelopeFrames.WriteObject(frame, EnvelopeTypes.SystemAlert, "alert", now, json =>
        {
            json.WriteString("alertType"u8, alert.Text("code") ?? alert.Text("rule") ?? alert.Text("name") ?? alert.Text("kind") ?? "alert");
            json.WriteString("message"u8, alert.Text("message") ?? "");
            json.WriteString("severity"u8, alert.Text("severity") ?? "warning");
            json.WriteString("timestamp"u8, alert.Text("timestamp") ?? now.ToString("O"));
        });
        return frame.Build();
    }

    /// <summary>
    /// <c>data.log</c> is the anomaly told as a log (its first example log's id, its source, its pattern), since the hub's
    /// clients show anomalies as flagged logs; <c>data.analysis</c> the score, causes and suggestions.
    /// </summary>
    public override OutgoingFrame? Anomaly(LiveAnomaly live, StreamProtocol protocol, DateTimeOffset now)
    {
        var anomaly = live.Anomaly;
        var frame = new FrameBuilder(protocol, live.Json.Length * 2 + 128);
        EnvelopeFrames.WriteObject(frame, EnvelopeTypes.NewAnomaly, "anomaly", now, json =>
        {
            json.WriteStartObject("log"u8);
            json.WriteString("id"u8, anomaly.ExampleLogIds.Count > 0 ? anomaly.ExampleLogIds[0].ToString() : anomaly.Id);
            json.WriteString("timestamp"u8, anomaly.WindowEnd == default ? anomaly.DetectedAt : anomaly.WindowEnd);
            json.WriteString("level"u8, anomaly.Severity == "critical" ? "ERROR" : anomaly.Severity == "warning" ? "WARN" : "INFO");
            json.WriteString("message"u8, anomaly.Pattern ?? anomaly.Reasons.FirstOrDefault() ?? anomaly.Kind);
            json.WriteString("source"u8, anomaly.Source ?? anomaly.Application);
            json.WriteBoolean("isAnomaly"u8, true);
            json.WriteNumber("anomalyScore"u8, anomaly.Score);
            WriteStrings(json, "rootCauses"u8, anomaly.Reasons);
            WriteStrings(json, "recommendations"u8, anomaly.Suggestions);
            json.WriteStartObject("metadata"u8);
            json.WriteString("application"u8, anomaly.Application);
            json.WriteString("kind"u8, anomaly.Kind);
            if (anomaly.PatternId is not null) json.WriteString("patternId"u8, anomaly.PatternId);
            json.WriteNumber("observed"u8, anomaly.Observed);
            json.WriteNumber("expected"u8, anomaly.Expected);
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartObject("analysis"u8);
            json.WriteString("id"u8, anomaly.Id);
            json.WriteNumber("anomalyScore"u8, anomaly.Score);
            WriteStrings(json, "rootCauses"u8, anomaly.Reasons);
            WriteStrings(json, "recommendations"u8, anomaly.Suggestions);
            json.WriteString("analyzedAt"u8, anomaly.DetectedAt);
            json.WriteEndObject();
        });
        return frame.Build();
    }

    private static void WriteStrings(Utf8JsonWriter json, ReadOnlySpan<byte> name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
