using System.Text.Json;
using LogPlatform.Contracts;
using Realtime.Gateway.Streaming;

namespace Realtime.Gateway.Compatibility;

/// <summary>
/// Clients of an anomaly-scoring pipeline's <c>/api/v1/streaming/ws</c>: <c>connection</c> (<c>status</c> at the top level),
/// <c>score</c> for each anomaly (its score for its source), <c>alert</c> for each warning or critical anomaly and each
/// system alert, <c>stats</c> with each stats update (<c>processed</c>, <c>alerts</c>, <c>errors</c>, <c>throughput</c>),
/// and <c>pong</c>. Severities in their upper-case scale (<c>HIGH</c>, <c>MEDIUM</c>, <c>LOW</c>); the score is the
/// anomaly's, from 0 to 1. The default on that path.
/// </summary>
public sealed class AnomalyScoreFormat : StreamFormat
{
    public const string FormatName = "scores";
    public const string Path = "/api/v1/streaming/ws";

    public override string Name => FormatName;
    public override IReadOnlyList<string> DefaultOnPaths => [Path];
    public override bool CarriesLogs => false;

    public override OutgoingFrame? Logs(IReadOnlyList<LogEvent> logs, StreamProtocol protocol, DateTimeOffset now) => null;

    public override OutgoingFrame? Connected(StreamGreeting connection, DateTimeOffset now) => Flat(StreamProtocol.WebSocket, "connection", now, json =>
        json.WriteString("status"u8, "connected"));

    public override OutgoingFrame Pong(bool plainText, DateTimeOffset now) => Flat(StreamProtocol.WebSocket, EnvelopeTypes.Pong, now, _ => { })!;

    public override OutgoingFrame? Anomaly(LiveAnomaly live, StreamProtocol protocol, DateTimeOffset now)
    {
        var anomaly = live.Anomaly;
        var frame = new FrameBuilder(protocol, 512);
        var severity = Severity(anomaly.Severity);
        var alert = anomaly.Severity is "warning" or "critical";
        EnvelopeFrames.WriteObject(frame, "score", "score", now, json =>
        {
            json.WriteNumber("score"u8, anomaly.Score);
            json.WriteString("severity"u8, severity);
            json.WriteBoolean("alert"u8, alert);
            WriteSequence(json, anomaly);
            json.WriteString("source"u8, anomaly.Source ?? anomaly.Application);
            json.WriteString("application"u8, anomaly.Application);
            json.WriteString("timestamp"u8, anomaly.DetectedAt);
        });
        if (alert)
        {
            EnvelopeFrames.WriteObject(frame, "alert", "alert", now, json =>
            {
                json.WriteString("id"u8, anomaly.Id);
                json.WriteString("severity"u8, severity);
                json.WriteNumber("score"u8, anomaly.Score);
                WriteSequence(json, anomaly);
                json.WriteString("message"u8, anomaly.Reasons.FirstOrDefault() ?? anomaly.Kind);
                json.WriteString("created_at"u8, anomaly.DetectedAt);
            });
        }
        return frame.Build();
    }

    public override OutgoingFrame? Alert(LiveAlert alert, StreamProtocol protocol, DateTimeOffset now)
    {
        var frame = new FrameBuilder(protocol);
        EnvelopeFrames.WriteObject(frame, "alert", "alert", now, json =>
        {
            json.WriteString("id"u8, alert.Text("code") ?? alert.Text("id") ?? alert.Text("rule") ?? "alert");
            json.WriteString("severity"u8, Severity(alert.Text("severity")));
            json.WriteNull("score"u8);
            json.WriteStartArray("sequence"u8);
            json.WriteEndArray();
            json.WriteString("message"u8, alert.Text("message") ?? "");
            json.WriteString("created_at"u8, alert.Text("timestamp") ?? now.ToString("O"));
        });
        return frame.Build();
    }

    public override OutgoingFrame? Stats(LiveStatsUpdate stats, StreamProtocol protocol, DateTimeOffset now)
    {
        var frame = new FrameBuilder(protocol);
        var figures = stats.Stats;
        EnvelopeFrames.WriteObject(frame, "stats", "stats", now, json =>
        {
            json.WriteNumber("processed"u8, figures.TotalMessages);
            json.WriteNumber("alerts"u8, stats.Activity.Anomalies);
            json.WriteNumber("errors"u8, figures.TotalRejected + figures.TotalDeadLettered + figures.StoreErrors);
            json.WriteNumber("throughput"u8, figures.MessagesPerSecond);
        });
        return frame.Build();
    }

    public static string Severity(string? severity) => severity switch
    {
        "critical" => "HIGH",
        "warning" => "MEDIUM",
        _ => "LOW",
    };

    /// <summary>The stored logs that make the anomaly, in place of the scorer's window of event ids.</summary>
    private static void WriteSequence(Utf8JsonWriter json, Anomaly anomaly)
    {
        json.WriteStartArray("sequence"u8);
        foreach (var id in anomaly.ExampleLogIds) json.WriteNumberValue(id);
        json.WriteEndArray();
    }

    /// <summary>A message with its fields beside <c>type</c> and <c>timestamp</c>, not under <c>data</c>.</summary>
    private static OutgoingFrame? Flat(StreamProtocol protocol, string type, DateTimeOffset now, Action<Utf8JsonWriter> write)
    {
        var frame = new FrameBuilder(protocol, 96);
        var json = frame.BeginJson(type);
        json.WriteStartObject();
        json.WriteString("type"u8, type);
        write(json);
        json.WriteString("timestamp"u8, now);
        json.WriteEndObject();
        frame.EndJson();
        return frame.Build();
    }
}
