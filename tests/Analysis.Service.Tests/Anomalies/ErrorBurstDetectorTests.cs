using Analysis.Service.Anomalies;
using LogPlatform.Contracts;

namespace Analysis.Service.Tests.Anomalies;

public sealed class ErrorBurstDetectorTests
{
    private readonly ErrorBurstDetector _detector = new(AnomalyDetectionOptions.Production);
    private readonly Series _series = new(seed: 3);
    private readonly List<Anomaly> _found = [];

    [Fact]
    public void A_source_with_no_history_that_starts_failing_is_a_burst_without_warm_up()
    {
        Series.Minute(_detector, _found, 0, 40, at => _series.Log(at, 5, source: "pay-1", level: LogSeverity.Error));

        var burst = Assert.Single(_found);
        Assert.Equal(AnomalyKinds.ErrorBurst, burst.Kind);
        Assert.Equal("pay-1", burst.Source);
        Assert.InRange(burst.Observed, 10, 20);
        Assert.True(burst.DetectedAt < Series.T0.AddSeconds(30));
        Assert.Contains("no error history", burst.Reasons[0]);
        Assert.Equal(3, burst.ExampleLogIds.Count);
        Assert.NotEqual(AnomalyScore.Info, burst.Severity);
    }

    [Fact]
    public void Info_logs_and_a_steady_error_trickle_are_not_bursts()
    {
        for (var m = 0; m < 60; m++)
        {
            Series.Minute(_detector, _found, m, 100, at => _series.Log(at, 1));
            Series.Minute(_detector, _found, m, _series.Poisson(2), at => _series.Log(at, 2, level: LogSeverity.Error));
        }
        Assert.Empty(_found);
    }

    [Fact]
    public void Bursts_are_per_source_and_once_per_burst()
    {
        for (var m = 0; m < 30; m++)
        {
            Series.Minute(_detector, _found, m, _series.Poisson(3), at => _series.Log(at, 2, source: "a", level: LogSeverity.Error));
            Series.Minute(_detector, _found, m, _series.Poisson(3), at => _series.Log(at, 2, source: "b", level: LogSeverity.Error));
        }
        for (var m = 30; m < 34; m++) Series.Minute(_detector, _found, m, 60, at => _series.Log(at, 2, source: "a", level: LogSeverity.Fatal));

        var burst = Assert.Single(_found);
        Assert.Equal("a", burst.Source);
        Assert.InRange(burst.Expected, 2, 4.5);
    }
}
