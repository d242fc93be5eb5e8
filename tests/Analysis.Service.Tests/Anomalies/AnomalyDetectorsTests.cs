using Analysis.Service.Anomalies;
using LogPlatform.Contracts;

namespace Analysis.Service.Tests.Anomalies;

public sealed class AnomalyDetectorsTests
{
    private readonly Series _series = new(seed: 5);

    [Fact]
    public void Steady_state_observations_allocate_nothing()
    {
        var detectors = new AnomalyDetectors(AnomalyDetectionOptions.Production);
        var levels = new[] { LogSeverity.Info, LogSeverity.Info, LogSeverity.Warn, LogSeverity.Error };
        var logs = new LogObservation[4_000];
        for (var i = 0; i < logs.Length; i++)
        {
            logs[i] = _series.Log(Series.T0, (ulong)(i % 40), source: $"s{i % 4}", level: levels[i % 4]);
        }
        void Feed(int minutes, int fromMinute)
        {
            for (var m = fromMinute; m < fromMinute + minutes; m++)
            {
                for (var i = 0; i < logs.Length; i++)
                {
                    detectors.Observe(logs[i] with { Timestamp = Series.T0.AddMinutes(m).AddMilliseconds(i * 15) });
                }
                detectors.Tick(Series.T0.AddMinutes(m + 1));
            }
        }
        Feed(20, 0);   // every key known, the baselines past their warm-up

        var before = GC.GetAllocatedBytesForCurrentThread();
        Feed(3, 20);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void An_observation_stamped_far_ahead_of_the_ticks_counts_at_the_ticks_time()
    {
        var detectors = new AnomalyDetectors(AnomalyDetectionOptions.Production);
        detectors.Tick(Series.T0);
        detectors.Observe(_series.Log(Series.T0.AddSeconds(1), 1, source: "skewed"));
        // A client clock a day ahead: without the guard the new pattern's warm-up would look over.
        var anomalies = detectors.Observe(_series.Log(Series.T0.AddDays(1), 2, source: "skewed", isNew: true));
        Assert.Empty(anomalies);
        detectors.Tick(Series.T0.AddMinutes(11));
        Assert.Single(detectors.Observe(_series.Log(Series.T0.AddMinutes(11), 3, source: "skewed", isNew: true)));
    }

    [Fact]
    public void Several_detectors_can_report_one_log()
    {
        var detectors = new AnomalyDetectors(AnomalyDetectionOptions.Production);
        detectors.Observe(_series.Log(Series.T0, 1));
        var found = new List<Anomaly>();
        for (var i = 0; i < 40; i++)
        {
            found.AddRange(detectors.Observe(_series.Log(Series.T0.AddMinutes(20).AddSeconds(i), 9, isNew: i == 0, level: LogSeverity.Error)));
        }
        Assert.Contains(found, a => a.Kind == AnomalyKinds.NewPattern);
        Assert.Contains(found, a => a.Kind == AnomalyKinds.ErrorBurst);
    }
}
