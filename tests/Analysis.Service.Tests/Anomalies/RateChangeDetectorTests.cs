using Analysis.Service.Anomalies;
using LogPlatform.Contracts;

namespace Analysis.Service.Tests.Anomalies;

public sealed class RateChangeDetectorTests
{
    private readonly RateChangeDetector _detector = new(AnomalyDetectionOptions.Production);
    private readonly Series _series = new(seed: 7);
    private readonly List<Anomaly> _found = [];

    private void Steady(int fromMinute, int minutes, double mean, ulong pattern = 1, LogSeverity level = LogSeverity.Info)
    {
        for (var m = fromMinute; m < fromMinute + minutes; m++)
        {
            Series.Minute(_detector, _found, m, _series.Poisson(mean), at => _series.Log(at, pattern, level: level));
        }
    }

    [Fact]
    public void Two_hours_of_steady_poisson_traffic_raise_nothing()
    {
        Steady(0, 120, mean: 40, pattern: 1);
        Steady(0, 120, mean: 3, pattern: 2);
        Assert.Empty(_found);
    }

    [Fact]
    public void A_pattern_at_ten_times_its_rate_is_one_anomaly_within_its_first_minute_explained()
    {
        Steady(0, 30, mean: 30);
        Series.Minute(_detector, _found, 30, 300, at => _series.Log(at, 1));
        var rise = Assert.Single(_found);

        Assert.Equal(AnomalyKinds.RateChange, rise.Kind);
        Assert.Equal("0000000000000001", rise.PatternId);
        Assert.Equal(Series.T0.AddMinutes(30), rise.WindowStart);
        Assert.Equal(Series.T0.AddMinutes(31), rise.WindowEnd);
        Assert.True(rise.DetectedAt < Series.T0.AddMinutes(30).AddSeconds(30), $"detected at {rise.DetectedAt}");
        Assert.InRange(rise.Expected, 25, 35);
        Assert.True(rise.Observed > rise.Expected * 1.5);
        Assert.InRange(rise.Score, 0.5, 1);
        Assert.Contains("logs of this pattern", rise.Reasons[0]);
        Assert.Contains("probability", rise.Reasons[1]);
        Assert.NotEmpty(rise.ExampleLogIds);
        Assert.NotEmpty(rise.Suggestions);
    }

    [Fact]
    public void A_rise_that_lasts_is_one_incident_and_a_later_one_is_another()
    {
        Steady(0, 30, mean: 30);
        for (var m = 30; m < 35; m++) Series.Minute(_detector, _found, m, 300, at => _series.Log(at, 1));
        Assert.Single(_found);

        Steady(35, 20, mean: 30);
        Assert.Single(_found);
        Series.Minute(_detector, _found, 55, 300, at => _series.Log(at, 1));
        Assert.Equal(2, _found.Count);
    }

    [Fact]
    public void A_busy_pattern_that_falls_to_a_tenth_is_a_drop_when_the_minute_closes()
    {
        Steady(0, 30, mean: 100);
        Series.Minute(_detector, _found, 30, 10, at => _series.Log(at, 1));
        var drop = Assert.Single(_found);

        Assert.Equal(10, drop.Observed);
        Assert.InRange(drop.Expected, 90, 110);
        Assert.Equal(Series.T0.AddMinutes(31), drop.DetectedAt);
        Assert.Contains("only 10 logs", drop.Reasons[0]);
        Assert.Equal(3, drop.ExampleLogIds.Count);   // the closed minute's latest logs
    }

    [Fact]
    public void A_quiet_pattern_has_no_drops_and_a_short_history_no_rises()
    {
        Steady(0, 30, mean: 5);
        Series.Minute(_detector, _found, 30, 0, at => _series.Log(at, 1));
        Assert.Empty(_found);

        Steady(0, 5, mean: 5, pattern: 2);     // 5 minutes of history: too short to judge
        Series.Minute(_detector, _found, 5, 200, at => _series.Log(at, 2));
        Assert.Empty(_found);
    }

    [Fact]
    public void An_overdispersed_pattern_is_judged_by_its_own_variance()
    {
        // Batches: 0 most minutes, 50 every fifth minute. A minute of 60 is ordinary for it; a Poisson test would cry.
        for (var m = 0; m < 40; m++) Series.Minute(_detector, _found, m, m % 5 == 0 ? 50 : 0, at => _series.Log(at, 1));
        Series.Minute(_detector, _found, 40, 60, at => _series.Log(at, 1));
        Assert.Empty(_found);
    }

    [Fact]
    public void An_applications_errors_rising_over_all_its_patterns_is_a_rate_change_of_the_application()
    {
        for (var m = 0; m < 30; m++)
        {
            for (ulong p = 10; p < 13; p++)
            {
                Series.Minute(_detector, _found, m, _series.Poisson(1), at => _series.Log(at, p, level: LogSeverity.Error));
            }
        }
        // Each pattern at 10 a minute: no single pattern is far out (10 against 1 is, but spread over the minute's ticks).
        for (ulong p = 10; p < 13; p++) Series.Minute(_detector, _found, 30, 12, at => _series.Log(at, p, level: LogSeverity.Error));

        var application = Assert.Single(_found, a => a.PatternId is null);
        Assert.Equal(AnomalyKinds.RateChange, application.Kind);
        Assert.Equal("shop", application.Application);
        Assert.Contains("errors from shop", application.Reasons[0]);
        Assert.NotEqual(AnomalyScore.Info, application.Severity);
    }
}
