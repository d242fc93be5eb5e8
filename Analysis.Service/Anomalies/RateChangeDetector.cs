using Analysis.Service.Patterns;
using LogPlatform.Contracts;

namespace Analysis.Service.Anomalies;

/// <summary>
/// A pattern's rate, or an application's error rate, per minute against its own recent baseline (<see cref="RateTest"/>):
/// a rise is reported as soon as the minute's count so far is improbable; for busy patterns a drop too, when a minute
/// closes improbably low (so <see cref="Tick"/> must be called at least once a minute). One anomaly per incident.
/// </summary>
public sealed class RateChangeDetector : IAnomalyDetector
{
    private readonly BoundedKeyMap<ulong, KeyRate> _patterns;
    private readonly BoundedKeyMap<string, KeyRate> _applicationErrors;
    private readonly RateTest _patternTest;
    private readonly RateTest _errorTest;
    private long _tickMinute = long.MinValue;

    public RateChangeDetector(AnomalyDetectionOptions options)
    {
        options.Validate();
        _patterns = new(options.MaxTrackedKeys);
        _applicationErrors = new(options.MaxTrackedKeys);
        var prior = 1.0 / options.BaselineMinutes;
        _patternTest = new RateTest(options, options.MinBaselineMinutes, options.MinRiseCount, prior, judgeDrops: true);
        _errorTest = new RateTest(options, options.MinBaselineMinutes, options.MinRiseCount, prior, judgeDrops: false);
    }

    public long Evictions => _patterns.Evictions + _applicationErrors.Evictions;

    public IReadOnlyList<Anomaly> Observe(in LogObservation observation)
    {
        var found = new AnomalyList();
        var minute = AnomalyScore.MinuteOf(observation.Timestamp);

        var pattern = _patterns.Touch(observation.PatternId) ?? _patterns.Add(observation.PatternId, _patternTest.NewKey());
        pattern.Application = observation.Application;
        pattern.PatternId = observation.PatternId;
        pattern.Template = observation.Template;
        if (_patternTest.RollTo(pattern, minute, out var drop)) found.Add(PatternDrop(pattern, drop, observation.Timestamp));
        if (_patternTest.Count(pattern, minute, observation.LogId) is { } rise)
        {
            found.Add(PatternRise(rise, observation));
        }

        if (observation.Level >= LogSeverity.Error)
        {
            var errors = _applicationErrors.Touch(observation.Application)
                ?? _applicationErrors.Add(observation.Application, _errorTest.NewKey());
            errors.Application = observation.Application;
            _errorTest.RollTo(errors, minute, out _);
            if (_errorTest.Count(errors, minute, observation.LogId) is { } errorRise)
            {
                found.Add(ErrorRise(errorRise, observation));
            }
        }
        return found.Result;
    }

    public IReadOnlyList<Anomaly> Tick(DateTimeOffset now)
    {
        var minute = AnomalyScore.MinuteOf(now);
        if (minute <= _tickMinute) return Array.Empty<Anomaly>();
        _tickMinute = minute;
        var found = new AnomalyList();
        foreach (var entry in _patterns)
        {
            if (_patternTest.RollTo(entry.Value, minute, out var drop)) found.Add(PatternDrop(entry.Value, drop, now));
        }
        return found.Result;
    }

    private static Anomaly PatternRise(RateFinding rise, in LogObservation observation)
    {
        var score = AnomalyScore.FromTail(rise.Tail);
        return new Anomaly
        {
            Id = AnomalyScore.NewId(observation.Timestamp),
            Kind = AnomalyKinds.RateChange,
            Score = score,
            Severity = AnomalyScore.SeverityOf(score, observation.Level >= LogSeverity.Warn ? AnomalyScore.Warning : AnomalyScore.Info),
            Application = observation.Application,
            Source = observation.Source,
            PatternId = Patterns.PatternId.Format(observation.PatternId),
            Pattern = observation.Template,
            Observed = rise.Count,
            Expected = rise.Mean,
            Reasons =
            [
                $"{rise.Count} logs of this pattern in the minute from {AnomalyScore.StartOf(rise.Minute):HH:mm} UTC (so far), " +
                $"against {rise.Mean:0.##} ± {rise.StandardDeviation:0.##} a minute over the previous {rise.BaselineMinutes} minutes",
                $"a count this high has probability {rise.Tail:0.#e0} under a {rise.Distribution} with that mean and variance",
            ],
            Suggestions = RiseSuggestions(observation.Template, observation.Application),
            WindowStart = AnomalyScore.StartOf(rise.Minute),
            WindowEnd = AnomalyScore.StartOf(rise.Minute + 1),
            ExampleLogIds = rise.Examples,
            DetectedAt = observation.Timestamp,
        };
    }

    private static Anomaly PatternDrop(KeyRate key, RateFinding drop, DateTimeOffset now)
    {
        var score = AnomalyScore.FromTail(drop.Tail);
        return new Anomaly
        {
            Id = AnomalyScore.NewId(now),
            Kind = AnomalyKinds.RateChange,
            Score = score,
            Severity = AnomalyScore.SeverityOf(score),
            Application = key.Application,
            PatternId = key.PatternId is { } id ? Patterns.PatternId.Format(id) : null,
            Pattern = key.Template,
            Observed = drop.Count,
            Expected = drop.Mean,
            Reasons =
            [
                $"only {drop.Count} logs of this pattern in the minute from {AnomalyScore.StartOf(drop.Minute):HH:mm} UTC, " +
                $"against {drop.Mean:0.##} ± {drop.StandardDeviation:0.##} a minute over the previous {drop.BaselineMinutes} minutes",
                $"a count this low has probability {drop.Tail:0.#e0} under a {drop.Distribution} with that mean and variance",
            ],
            Suggestions =
            [
                $"Check that {key.Application} still handles its usual work: a stopped worker, traffic moved elsewhere, " +
                "or a log shipper that lost its way.",
            ],
            WindowStart = AnomalyScore.StartOf(drop.Minute),
            WindowEnd = AnomalyScore.StartOf(drop.Minute + 1),
            ExampleLogIds = drop.Examples,
            DetectedAt = now,
        };
    }

    private static Anomaly ErrorRise(RateFinding rise, in LogObservation observation)
    {
        var score = AnomalyScore.FromTail(rise.Tail);
        return new Anomaly
        {
            Id = AnomalyScore.NewId(observation.Timestamp),
            Kind = AnomalyKinds.RateChange,
            Score = score,
            Severity = AnomalyScore.SeverityOf(score, AnomalyScore.Warning),
            Application = observation.Application,
            Observed = rise.Count,
            Expected = rise.Mean,
            Reasons =
            [
                $"{rise.Count} errors from {observation.Application} in the minute from {AnomalyScore.StartOf(rise.Minute):HH:mm} UTC " +
                $"(so far), against {rise.Mean:0.##} ± {rise.StandardDeviation:0.##} a minute over the previous {rise.BaselineMinutes} minutes",
                $"a count this high has probability {rise.Tail:0.#e0} under a {rise.Distribution} with that mean and variance",
                $"the latest error: {observation.Template}",
            ],
            Suggestions =
            [
                $"See which patterns and sources the errors come from (patterns of {observation.Application} at level error).",
                $"Check what changed in {observation.Application} or its dependencies just before {AnomalyScore.StartOf(rise.Minute):HH:mm} UTC.",
            ],
            WindowStart = AnomalyScore.StartOf(rise.Minute),
            WindowEnd = AnomalyScore.StartOf(rise.Minute + 1),
            ExampleLogIds = rise.Examples,
            DetectedAt = observation.Timestamp,
        };
    }

    private static string[] RiseSuggestions(string template, string application)
    {
        string[] failureWords = ["retry", "retrying", "timeout", "timed out", "refused", "unavailable", "exception", "fail"];
        var general = "Open this pattern's logs from the minute: one caller, tenant or retry loop often accounts for a rise.";
        return failureWords.Any(w => template.Contains(w, StringComparison.OrdinalIgnoreCase))
            ? [general, $"It reads like a failing dependency: check what {application} calls and its health."]
            : [general];
    }
}
