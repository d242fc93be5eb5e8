using System.Text.Json;
using LogPlatform.Contracts;
using Realtime.Gateway.Streaming;

namespace Realtime.Gateway.Compatibility;

/// <summary>
/// Clients of a message buffer's <c>/ws/stats</c> that read the figures at the top level of every message: the flat stats
/// object as Stats.Service publishes it every 500 ms (<c>total_messages</c>, <c>messages_per_second</c>,
/// <c>queue_depth</c>, <c>total_batches</c>, <c>avg_batch_size</c>, <c>timestamp</c>, ...) plus the names those clients also
/// read, <c>current_rps</c> and <c>queue_length</c>. No greeting. The default on <c>/ws/stats</c>.
/// </summary>
public sealed class FlatStatsFormat : StreamFormat
{
    public const string FormatName = "flat-stats";

    public override string Name => FormatName;
    public override IReadOnlyList<string> DefaultOnPaths => ["/ws/stats"];
    public override bool CarriesLogs => false;
    public override bool CarriesAlerts => false;
    public override bool CarriesAnomalies => false;

    public override OutgoingFrame? Logs(IReadOnlyList<LogEvent> logs, StreamProtocol protocol, DateTimeOffset now) => null;

    /// <summary>Every message is read as figures: a greeting would show as zeros.</summary>
    public override OutgoingFrame? Connected(StreamGreeting connection, DateTimeOffset now) => null;

    public override OutgoingFrame? Stats(LiveStatsUpdate stats, StreamProtocol protocol, DateTimeOffset now)
    {
        var frame = new FrameBuilder(protocol, stats.Json.Length + 64);
        var json = frame.BeginJson("stats");
        json.WriteStartObject();
        using (var published = JsonDocument.Parse(stats.Json))
        {
            // Every published field, as published: a field Stats.Service adds later reaches these clients too.
            foreach (var property in published.RootElement.EnumerateObject()) property.WriteTo(json);
        }
        json.WriteNumber("current_rps"u8, stats.Stats.MessagesPerSecond);
        json.WriteNumber("queue_length"u8, stats.Stats.QueueDepth);
        json.WriteEndObject();
        frame.EndJson();
        return frame.Build();
    }
}
