using System.Diagnostics.Metrics;
using LogPlatform.Contracts;

namespace Dashboard.Web;

/// <summary>The dashboard's own figures (meter <c>LogPlatform.Dashboard</c>, exported by ServiceDefaults).</summary>
public sealed class DashboardMetrics
{
    private readonly Counter<long> _messages;
    private readonly Counter<long> _disconnects;
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _renders;

    public DashboardMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(TelemetryNames.Dashboard);
        _messages = meter.CreateCounter<long>("logplatform.dashboard.gateway.messages", "{message}", "Envelopes received from the gateway, by type.");
        _disconnects = meter.CreateCounter<long>("logplatform.dashboard.gateway.disconnects", "{disconnect}", "Live connections to the gateway that dropped (each is retried).");
        _connections = meter.CreateUpDownCounter<long>("logplatform.dashboard.gateway.connections", "{connection}", "Open live connections to the gateway (one per browser session).");
        _renders = meter.CreateCounter<long>("logplatform.dashboard.live.renders", "{render}", "Paced re-renders of live components.");
    }

    public void MessageReceived(string? type) => _messages.Add(1, new KeyValuePair<string, object?>("type", type ?? "unknown"));
    public void Disconnected() => _disconnects.Add(1);
    public void ConnectionOpened() => _connections.Add(1);
    public void ConnectionClosed() => _connections.Add(-1);
    public void Rendered(string component) => _renders.Add(1, new KeyValuePair<string, object?>("component", component));
}
