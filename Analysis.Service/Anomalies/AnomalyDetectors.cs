using LogPlatform.Contracts;

namespace Analysis.Service.Anomalies;

/// <summary>
/// Every detector behind the one seam the pipeline calls: new patterns, rate changes, error bursts and silences.
/// It also guards their clocks: an observation stamped more than <see cref="AnomalyDetectionOptions.MaxClockAhead"/>
/// past the last tick (a client with a skewed clock) counts at the tick's time, so it cannot move the detectors'
/// minutes ahead of the stream. Not thread-safe: one reader feeds it.
/// </summary>
public sealed class AnomalyDetectors : IAnomalyDetector
{
    private readonly AnomalyDetectionOptions _options;
    private readonly IAnomalyDetector[] _detectors;
    private DateTimeOffset _lastTick = DateTimeOffset.MinValue;

    public AnomalyDetectors(AnomalyDetectionOptions options)
    {
        options.Validate();
        _options = options;
        NewPatterns = new NewPatternDetector(options);
        RateChanges = new RateChangeDetector(options);
        ErrorBursts = new ErrorBurstDetector(options);
        Silences = new SilenceDetector(options);
        _detectors = [NewPatterns, RateChanges, ErrorBursts, Silences];
    }

    public NewPatternDetector NewPatterns { get; }

    public RateChangeDetector RateChanges { get; }

    public ErrorBurstDetector ErrorBursts { get; }

    public SilenceDetector Silences { get; }

    /// <summary>Keys dropped by the detectors to stay within <see cref="AnomalyDetectionOptions.MaxTrackedKeys"/>.</summary>
    public long Evictions => RateChanges.Evictions + ErrorBursts.Evictions + Silences.Evictions;

    public IReadOnlyList<Anomaly> Observe(in LogObservation observation)
    {
        var clamped = _lastTick != DateTimeOffset.MinValue && observation.Timestamp > _lastTick + _options.MaxClockAhead
            ? observation with { Timestamp = _lastTick }
            : observation;
        IReadOnlyList<Anomaly>? single = null;
        var found = new AnomalyList();
        var several = false;
        foreach (var detector in _detectors)
        {
            var produced = detector.Observe(in clamped);
            if (produced.Count == 0) continue;
            if (single is null) single = produced;
            else
            {
                if (!several) found.AddRange(single);
                found.AddRange(produced);
                several = true;
            }
        }
        return several ? found.Result : single ?? Array.Empty<Anomaly>();
    }

    public IReadOnlyList<Anomaly> Tick(DateTimeOffset now)
    {
        if (now > _lastTick) _lastTick = now;
        var found = new AnomalyList();
        foreach (var detector in _detectors) found.AddRange(detector.Tick(now));
        return found.Result;
    }
}
