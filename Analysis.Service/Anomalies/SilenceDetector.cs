using LogPlatform.Contracts;

namespace Analysis.Service.Anomalies;

/// <summary>
/// A source (application and source) or a pattern that arrived steadily and stopped. Steady: at least
/// <see cref="AnomalyDetectionOptions.MinSteadyArrivals"/> arrivals over at least
/// <see cref="AnomalyDetectionOptions.MinBaselineMinutes"/>. Silent: nothing for longer than all of
/// (a) <see cref="AnomalyDetectionOptions.MinSilence"/>, (b) the pause a Poisson arrival at its mean rate would exceed
/// with probability alpha (mean gap × ln(1/alpha)), and (c) <see cref="AnomalyDetectionOptions.SilenceLongestGapFactor"/>
/// times its longest pause lately, so sources that pause by habit (batches, periodic jobs) are judged by their own
/// pauses. Judged on <see cref="Tick"/> (call it every few seconds); one anomaly per silence.
/// </summary>
public sealed class SilenceDetector : IAnomalyDetector
{
    private readonly AnomalyDetectionOptions _options;
    private readonly BoundedKeyMap<(string Application, string Source), Arrivals> _sources;
    private readonly BoundedKeyMap<ulong, Arrivals> _patterns;
    private readonly double _poissonFactor;

    public SilenceDetector(AnomalyDetectionOptions options)
    {
        options.Validate();
        _options = options;
        _sources = new(options.MaxTrackedKeys);
        _patterns = new(options.MaxTrackedKeys);
        _poissonFactor = Math.Log(1 / options.Alpha);
    }

    public long Evictions => _sources.Evictions + _patterns.Evictions;

    public IReadOnlyList<Anomaly> Observe(in LogObservation observation)
    {
        if (!string.IsNullOrEmpty(observation.Source))
        {
            var key = (observation.Application, observation.Source);
            var source = _sources.Touch(key) ?? _sources.Add(key, New(observation));
            source.Arrive(observation.Timestamp, observation.LogId);
        }
        var pattern = _patterns.Touch(observation.PatternId) ?? _patterns.Add(observation.PatternId, New(observation));
        pattern.Template = observation.Template;
        pattern.Arrive(observation.Timestamp, observation.LogId);
        return Array.Empty<Anomaly>();
    }

    public IReadOnlyList<Anomaly> Tick(DateTimeOffset now)
    {
        var found = new AnomalyList();
        Judge(_sources.Oldest, now, ref found);
        Judge(_patterns.Oldest, now, ref found);
        return found.Result;
    }

    /// <summary>The silence after which a key is reported, or null while it is not steady.</summary>
    public TimeSpan? ThresholdOf(Arrivals key)
    {
        if (key.Count < _options.MinSteadyArrivals) return null;
        if (key.LastSeen - key.FirstSeen < TimeSpan.FromMinutes(_options.MinBaselineMinutes)) return null;
        var seconds = Math.Max(_options.MinSilence.TotalSeconds,
            Math.Max(key.MeanGapSeconds * _poissonFactor, key.LongestRecentGapSeconds * _options.SilenceLongestGapFactor));
        return TimeSpan.FromSeconds(seconds);
    }

    private Arrivals New(in LogObservation observation) => new(observation.Timestamp, _options.MaxExamples)
    {
        Application = observation.Application,
        Source = observation.Source,
        PatternId = observation.PatternId,
        Template = observation.Template,
    };

    /// <summary>Walks from the least recently seen key and stops at the first that is not yet quiet for the minimum.</summary>
    private void Judge<TKey>(LinkedListNode<BoundedKeyMap<TKey, Arrivals>.Entry>? node, DateTimeOffset now, ref AnomalyList found)
        where TKey : notnull
    {
        for (; node is not null; node = node.Previous)
        {
            var key = node.Value.Value;
            var silence = now - key.LastSeen;
            if (silence < _options.MinSilence) break;
            if (key.Silent || ThresholdOf(key) is not { } threshold || silence < threshold) continue;
            key.Silent = true;
            found.Add(Silence(key, silence, threshold, now, isPattern: typeof(TKey) == typeof(ulong)));
        }
    }

    private Anomaly Silence(Arrivals key, TimeSpan silence, TimeSpan threshold, DateTimeOffset now, bool isPattern)
    {
        var mean = Math.Max(key.MeanGapSeconds, 1e-3);
        // The chance of so long a pause for a Poisson arrival at the key's mean rate.
        var score = AnomalyScore.FromTail(Math.Exp(-silence.TotalSeconds / mean));
        if (isPattern) score = Math.Min(score, 0.7);
        var what = isPattern ? "this pattern" : $"{key.Source} ({key.Application})";
        return new Anomaly
        {
            Id = AnomalyScore.NewId(now),
            Kind = AnomalyKinds.Silence,
            Score = score,
            Severity = AnomalyScore.SeverityOf(score),
            Application = key.Application,
            Source = isPattern ? null : key.Source,
            PatternId = isPattern && key.PatternId is { } id ? Patterns.PatternId.Format(id) : null,
            Pattern = isPattern ? key.Template : null,
            Observed = 0,
            Expected = silence.TotalSeconds / mean,
            Reasons =
            [
                $"nothing from {what} for {NewPatternDetector.Describe(silence)} (since {key.LastSeen.UtcDateTime:HH:mm:ss} UTC)",
                $"it arrived {key.Count} times over {NewPatternDetector.Describe(key.LastSeen - key.FirstSeen)}, every " +
                $"{mean:0.#} s on average, its longest pause lately {key.LongestRecentGapSeconds:0} s; silent past {threshold.TotalSeconds:0} s is unusual",
            ],
            Suggestions = isPattern
                ? ["If this pattern is a heartbeat or a periodic job's log, check that the job still runs."]
                : [$"Check that {key.Source} is running and can reach the ingest endpoint (network, API key, log shipper)."],
            WindowStart = key.LastSeen,
            WindowEnd = now,
            ExampleLogIds = key.Examples.ToArrayNewestFirst(),
            DetectedAt = now,
        };
    }
}
