using System.Diagnostics.Metrics;
using LogPlatform.Contracts;

namespace Ingest.Api.Syslog;

/// <summary>The syslog listeners' metrics, on the ingest meter (<see cref="TelemetryNames.Ingest"/>).</summary>
public sealed class SyslogTelemetry
{
    private readonly Counter<long> _received;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _refusedConnections;
    private readonly UpDownCounter<long> _connections;

    public SyslogTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(TelemetryNames.Ingest);
        _received = meter.CreateCounter<long>("logplatform.ingest.syslog.messages", "{message}", "Syslog messages received, by transport (tcp, udp).");
        _dropped = meter.CreateCounter<long>("logplatform.ingest.syslog.dropped", "{message}",
            "Syslog datagrams dropped (UDP cannot be slowed down), by reason (backpressure, queue_full, redis_unavailable).");
        _refusedConnections = meter.CreateCounter<long>("logplatform.ingest.syslog.connections.refused", "{connection}",
            "TCP connections closed at accept because Ingest:Syslog:MaxConnections were open.");
        _connections = meter.CreateUpDownCounter<long>("logplatform.ingest.syslog.connections", "{connection}", "Open syslog TCP connections.");
    }

    public void Received(string transport) => _received.Add(1, new KeyValuePair<string, object?>("network.transport", transport));

    public void Dropped(string reason) => _dropped.Add(1, new KeyValuePair<string, object?>("logplatform.drop.reason", reason));

    public void ConnectionRefused() => _refusedConnections.Add(1);

    public void ConnectionOpened() => _connections.Add(1);

    public void ConnectionClosed() => _connections.Add(-1);
}
