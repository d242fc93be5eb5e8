using Analysis.Service.Anomalies;
using LogPlatform.Contracts;

namespace Analysis.Service.Tests.Anomalies;

public sealed class NewPatternDetectorTests
{
    private readonly NewPatternDetector _detector = new(AnomalyDetectionOptions.Production);
    private readonly Series _series = new();

    [Fact]
    public void Patterns_are_not_new_during_the_applications_warm_up()
    {
        Assert.Empty(_detector.Observe(_series.Log(Series.T0, 1, isNew: true)));
        Assert.Empty(_detector.Observe(_series.Log(Series.T0.AddMinutes(9), 2, isNew: true, level: LogSeverity.Error)));
        // Another application has its own warm-up.
        Assert.Empty(_detector.Observe(_series.Log(Series.T0.AddMinutes(11), 3, application: "billing", isNew: true)));
        Assert.Single(_detector.Observe(_series.Log(Series.T0.AddMinutes(11), 4, isNew: true)));
    }

    [Fact]
    public void A_new_error_pattern_scores_higher_than_a_new_info_one_and_says_why()
    {
        _detector.Observe(_series.Log(Series.T0, 1));
        var info = Assert.Single(_detector.Observe(_series.Log(Series.T0.AddMinutes(20), 2, isNew: true)));
        var error = Assert.Single(_detector.Observe(_series.Log(Series.T0.AddMinutes(21), 3, isNew: true, level: LogSeverity.Error,
            template: "NullReferenceException in <*>")));

        Assert.Equal(AnomalyKinds.NewPattern, error.Kind);
        Assert.True(error.Score > info.Score);
        Assert.Equal(AnomalyScore.Info, info.Severity);
        Assert.NotEqual(AnomalyScore.Info, error.Severity);
        Assert.Equal("NullReferenceException in <*>", error.Pattern);
        Assert.Contains("first log of this pattern in shop, seen for 21 minutes", error.Reasons[0]);
        Assert.Contains("error", error.Reasons[1]);
        Assert.NotEmpty(error.Suggestions);
        Assert.Empty(info.Suggestions);
        Assert.Single(error.ExampleLogIds);
    }

    [Fact]
    public void Known_patterns_are_never_new_and_a_deploys_flood_is_capped_per_minute()
    {
        _detector.Observe(_series.Log(Series.T0, 1));
        Assert.Empty(_detector.Observe(_series.Log(Series.T0.AddHours(1), 1)));

        var reported = 0;
        for (ulong p = 100; p < 120; p++) reported += _detector.Observe(_series.Log(Series.T0.AddHours(1).AddSeconds(p - 100), p, isNew: true)).Count;
        Assert.Equal(AnomalyDetectionOptions.Production.MaxNewPatternsPerMinute, reported);
        Assert.Equal(20 - reported, _detector.Suppressed);
        Assert.Single(_detector.Observe(_series.Log(Series.T0.AddHours(1).AddMinutes(1), 200, isNew: true)));
    }
}
