using LogPlatform.Contracts;

namespace Analysis.Service.Anomalies;

/// <summary>
/// A pattern the miner has never seen, once its application is past its warm-up (every pattern is new at first).
/// Scored by level: a new error is more telling than a new info line. At most
/// <see cref="AnomalyDetectionOptions.MaxNewPatternsPerMinute"/> per application and minute: a deploy that changes
/// many messages at once is one event, not a flood (the rest are counted in <see cref="Suppressed"/>).
/// </summary>
public sealed class NewPatternDetector : IAnomalyDetector
{
    private readonly AnomalyDetectionOptions _options;
    private readonly BoundedKeyMap<string, ApplicationNovelty> _applications;

    public NewPatternDetector(AnomalyDetectionOptions options)
    {
        options.Validate();
        _options = options;
        _applications = new(options.MaxTrackedKeys);
    }

    /// <summary>New patterns not reported because their application had reached the per-minute cap.</summary>
    public long Suppressed { get; private set; }

    public IReadOnlyList<Anomaly> Observe(in LogObservation observation)
    {
        var application = _applications.Touch(observation.Application)
            ?? _applications.Add(observation.Application, new ApplicationNovelty(observation.Timestamp));
        if (observation.Timestamp < application.FirstSeen) application.FirstSeen = observation.Timestamp;
        if (!observation.IsNewPattern) return Array.Empty<Anomaly>();
        var age = observation.Timestamp - application.FirstSeen;
        if (age < _options.NewPatternWarmUp) return Array.Empty<Anomaly>();

        var minute = AnomalyScore.MinuteOf(observation.Timestamp);
        if (minute != application.Minute) (application.Minute, application.ReportedThisMinute) = (minute, 0);
        if (application.ReportedThisMinute >= _options.MaxNewPatternsPerMinute)
        {
            Suppressed++;
            return Array.Empty<Anomaly>();
        }
        application.ReportedThisMinute++;
        return [NewPattern(observation, age)];
    }

    public IReadOnlyList<Anomaly> Tick(DateTimeOffset now) => Array.Empty<Anomaly>();

    /// <summary>The score of a new pattern at each level: at warn and above it is likely a new way of failing.</summary>
    public static double ScoreOf(LogSeverity level) => level switch
    {
        LogSeverity.Fatal => 0.9,
        LogSeverity.Error => 0.75,
        LogSeverity.Warn => 0.6,
        LogSeverity.Info => 0.4,
        _ => 0.3,
    };

    private static Anomaly NewPattern(in LogObservation observation, TimeSpan age)
    {
        var score = ScoreOf(observation.Level);
        var minute = AnomalyScore.MinuteOf(observation.Timestamp);
        string[] suggestions = observation.Level >= LogSeverity.Warn
            ? [$"A new {observation.Level.ToWireName()} message often follows a deploy or a new way of failing: " +
               $"read the log and check what changed in {observation.Application}."]
            : [];
        return new Anomaly
        {
            Id = AnomalyScore.NewId(observation.Timestamp),
            Kind = AnomalyKinds.NewPattern,
            Score = score,
            Severity = AnomalyScore.SeverityOf(score),
            Application = observation.Application,
            Source = observation.Source,
            PatternId = Patterns.PatternId.Format(observation.PatternId),
            Pattern = observation.Template,
            Observed = 1,
            Expected = 0,
            Reasons =
            [
                $"the first log of this pattern in {observation.Application}, seen for {Describe(age)} before it",
                $"at level {observation.Level.ToWireName()}",
            ],
            Suggestions = suggestions,
            WindowStart = AnomalyScore.StartOf(minute),
            WindowEnd = AnomalyScore.StartOf(minute + 1),
            ExampleLogIds = [observation.LogId],
            DetectedAt = observation.Timestamp,
        };
    }

    internal static string Describe(TimeSpan span) => span.TotalDays >= 2 ? $"{span.TotalDays:0} days"
        : span.TotalHours >= 2 ? $"{span.TotalHours:0} hours"
        : span.TotalMinutes >= 2 ? $"{span.TotalMinutes:0} minutes"
        : $"{span.TotalSeconds:0} seconds";
}
