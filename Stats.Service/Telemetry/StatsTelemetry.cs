using System.Diagnostics.Metrics;
using LogPlatform.Contracts;

namespace Stats.Service.Telemetry;

/// <summary>The stats service's Meter (<see cref="TelemetryNames.Stats"/>, subscribed by ServiceDefaults).</summary>
public sealed class StatsTelemetry
{
    private readonly Counter<long> _published;

    public StatsTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(TelemetryNames.Stats);
        _published = meter.CreateCounter<long>("logplatform.stats.published", description: "Stats points published");
    }

    public void PointPublished() => _published.Add(1);
}
