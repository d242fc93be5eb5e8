using LogPlatform.Contracts;

namespace Analysis.Service.Anomalies;

/// <summary>
/// Errors (level error and above) per application and source per minute: a burst when the minute's count so far is
/// at least <see cref="AnomalyDetectionOptions.MinBurstErrors"/> and improbable against the source's own error rate.
/// Unlike a rate change it needs no warm-up: a source with no history is assumed to err
/// <see cref="AnomalyDetectionOptions.BurstPriorMean"/> times a minute, so a new source that starts failing is caught.
/// One anomaly per burst.
/// </summary>
public sealed class ErrorBurstDetector : IAnomalyDetector
{
    private readonly BoundedKeyMap<(string Application, string Source), KeyRate> _sources;
    private readonly RateTest _test;

    public ErrorBurstDetector(AnomalyDetectionOptions options)
    {
        options.Validate();
        _sources = new(options.MaxTrackedKeys);
        _test = new RateTest(options, minHistory: 0, options.MinBurstErrors, options.BurstPriorMean, judgeDrops: false);
    }

    public long Evictions => _sources.Evictions;

    public IReadOnlyList<Anomaly> Observe(in LogObservation observation)
    {
        if (observation.Level < LogSeverity.Error) return Array.Empty<Anomaly>();
        var key = (observation.Application, observation.Source ?? "");
        var source = _sources.Touch(key) ?? _sources.Add(key, _test.NewKey());
        var minute = AnomalyScore.MinuteOf(observation.Timestamp);
        _test.RollTo(source, minute, out _);
        if (_test.Count(source, minute, observation.LogId) is not { } burst) return Array.Empty<Anomaly>();
        return [Burst(burst, observation)];
    }

    /// <summary>Nothing to do on time alone: a burst's end is judged when the source's next error closes the minute.</summary>
    public IReadOnlyList<Anomaly> Tick(DateTimeOffset now) => Array.Empty<Anomaly>();

    private static Anomaly Burst(RateFinding burst, in LogObservation observation)
    {
        var score = AnomalyScore.FromTail(burst.Tail);
        var who = string.IsNullOrEmpty(observation.Source) ? observation.Application : $"{observation.Source} ({observation.Application})";
        var baseline = burst.BaselineMinutes == 0
            ? $"no error history yet (assumed {burst.Mean:0.##} a minute)"
            : $"{burst.Mean:0.##} ± {burst.StandardDeviation:0.##} a minute over the previous {burst.BaselineMinutes} minutes";
        return new Anomaly
        {
            Id = AnomalyScore.NewId(observation.Timestamp),
            Kind = AnomalyKinds.ErrorBurst,
            Score = score,
            Severity = AnomalyScore.SeverityOf(score, AnomalyScore.Warning),
            Application = observation.Application,
            Source = observation.Source,
            PatternId = Patterns.PatternId.Format(observation.PatternId),
            Pattern = observation.Template,
            Observed = burst.Count,
            Expected = burst.Mean,
            Reasons =
            [
                $"{burst.Count} errors from {who} in the minute from {AnomalyScore.StartOf(burst.Minute):HH:mm} UTC (so far), against {baseline}",
                $"a count this high has probability {burst.Tail:0.#e0} under a {burst.Distribution} with that mean and variance",
                $"the latest error: {observation.Template}",
            ],
            Suggestions =
            [
                $"Open {who}'s error logs from {AnomalyScore.StartOf(burst.Minute):HH:mm} UTC; the first of them usually names the cause.",
                $"Check {who}'s health, its dependencies and any deploy just before the burst.",
            ],
            WindowStart = AnomalyScore.StartOf(burst.Minute),
            WindowEnd = AnomalyScore.StartOf(burst.Minute + 1),
            ExampleLogIds = burst.Examples,
            DetectedAt = observation.Timestamp,
        };
    }
}
