using Analysis.Service.Anomalies;
using LogPlatform.Contracts;

namespace Analysis.Service.Tests.Anomalies;

public sealed class SilenceDetectorTests
{
    private readonly SilenceDetector _detector = new(AnomalyDetectionOptions.Production);
    private readonly Series _series = new(seed: 11);
    private readonly List<Anomaly> _found = [];

    /// <summary>Poisson arrivals at <paramref name="perSecond"/> from <paramref name="from"/> to <paramref name="to"/>, ticking every second.</summary>
    private DateTimeOffset Arrivals(DateTimeOffset from, DateTimeOffset to, double perSecond, string source = "web-1", ulong pattern = 1)
    {
        var at = from;
        var nextTick = from;
        while (true)
        {
            at = at.AddSeconds(-Math.Log(1 - _series.Uniform()) / perSecond);
            if (at >= to) break;
            for (; nextTick <= at; nextTick = nextTick.AddSeconds(1)) _found.AddRange(_detector.Tick(nextTick));
            _detector.Observe(_series.Log(at, pattern, source: source));
        }
        return nextTick;
    }

    private void Ticks(DateTimeOffset from, TimeSpan span)
    {
        for (var t = from; t < from + span; t = t.AddSeconds(1)) _found.AddRange(_detector.Tick(t));
    }

    [Fact]
    public void A_steady_source_that_stops_is_one_silence_within_a_minute()
    {
        var stop = Series.T0.AddMinutes(30);
        Arrivals(Series.T0, stop, perSecond: 1);
        Assert.Empty(_found);
        Ticks(stop, TimeSpan.FromMinutes(10));

        var source = Assert.Single(_found, a => a.Source == "web-1");
        Assert.Equal(AnomalyKinds.Silence, source.Kind);
        Assert.InRange(source.DetectedAt - stop, TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(60));
        Assert.Equal(0, source.Observed);
        Assert.True(source.Expected > 20);
        Assert.Contains("nothing from web-1 (shop)", source.Reasons[0]);
        Assert.NotEmpty(source.Suggestions);
        Assert.NotEmpty(source.ExampleLogIds);
        // The source's one pattern stopped with it: reported as a pattern silence, once.
        var pattern = Assert.Single(_found, a => a.PatternId is not null);
        Assert.Null(pattern.Source);
        Assert.Equal(2, _found.Count);
    }

    [Fact]
    public void A_source_back_from_silence_can_be_silent_again()
    {
        var stop = Series.T0.AddMinutes(30);
        Arrivals(Series.T0, stop, perSecond: 1);
        Ticks(stop, TimeSpan.FromMinutes(5));
        var back = stop.AddMinutes(5);
        var end = Arrivals(back, back.AddMinutes(5), perSecond: 1);
        Ticks(end, TimeSpan.FromMinutes(5));
        Assert.Equal(2, _found.Count(a => a.Source == "web-1"));
    }

    [Fact]
    public void A_source_that_pauses_by_habit_is_judged_by_its_own_pauses()
    {
        // A batch every 3 minutes: 50 logs in a few seconds, then nothing. A pause of 5 minutes is ordinary for it
        // (a steady source would be silent after 30 s), one of 2 × its longest pause (about 6 minutes) is not.
        var at = Series.T0;
        for (var batch = 0; batch < 20; batch++)
        {
            for (var i = 0; i < 50; i++) _detector.Observe(_series.Log(at.AddMilliseconds(i * 50), 1, source: "batch"));
            Ticks(at, TimeSpan.FromMinutes(3));
            at = at.AddMinutes(3);
        }
        Ticks(at, TimeSpan.FromMinutes(2));    // the last batch began 5 minutes ago
        Assert.True(_found.Count == 0, string.Join("\n", _found.Select(a => $"{a.DetectedAt:HH:mm:ss} {a.Source} {string.Join("; ", a.Reasons)}")));
        Ticks(at.AddMinutes(2), TimeSpan.FromMinutes(10));
        var silence = Assert.Single(_found, a => a.Source == "batch");
        Assert.InRange(silence.DetectedAt - at.AddMinutes(-3), TimeSpan.FromMinutes(5.5), TimeSpan.FromMinutes(6.5));
    }

    [Fact]
    public void A_source_seen_only_briefly_is_not_steady()
    {
        var stop = Series.T0.AddMinutes(5);
        Arrivals(Series.T0, stop, perSecond: 1);
        Ticks(stop, TimeSpan.FromMinutes(30));
        Assert.Empty(_found);
    }
}
