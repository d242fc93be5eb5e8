using System.Diagnostics;
using System.Diagnostics.Metrics;
using LogPlatform.Contracts;

namespace Realtime.Gateway.Streaming;

/// <summary>The gateway's traces and metrics: connections, messages sent, logs dropped for slow clients.</summary>
public sealed class GatewayMetrics
{
    public static readonly ActivitySource ActivitySource = new(TelemetryNames.Gateway);

    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _messagesSent;
    private readonly Counter<long> _logsDropped;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(TelemetryNames.Gateway);
        _connections = meter.CreateUpDownCounter<long>("logplatform.gateway.connections", description: "Open stream connections");
        _messagesSent = meter.CreateCounter<long>("logplatform.gateway.messages_sent", description: "Messages sent to clients");
        _logsDropped = meter.CreateCounter<long>("logplatform.gateway.logs_dropped", description: "Logs dropped for slow clients");
    }

    public void Connected(StreamClient client) => _connections.Add(1, Tags(client));
    public void Disconnected(StreamClient client) => _connections.Add(-1, Tags(client));
    public void Sent(StreamClient client) => _messagesSent.Add(1, Tags(client));
    public void Dropped(StreamClient client, long count) => _logsDropped.Add(count, Tags(client));

    // Called for every message sent: constant strings, no allocation per call.
    private static TagList Tags(StreamClient client) => new()
    {
        { "protocol", client.Protocol == StreamProtocol.WebSocket ? "websocket" : "sse" },
        { "stream", client.Kind switch { StreamKind.Logs => "logs", StreamKind.Stats => "stats", _ => "combined" } },
    };
}
