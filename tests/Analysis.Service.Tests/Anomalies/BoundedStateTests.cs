using Analysis.Service.Anomalies;

namespace Analysis.Service.Tests.Anomalies;

public sealed class BoundedStateTests
{
    [Fact]
    public void The_key_map_drops_the_least_recently_seen_key_past_its_capacity()
    {
        var map = new BoundedKeyMap<string, object>(2);
        map.Add("a", new object());
        map.Add("b", new object());
        Assert.NotNull(map.Touch("a"));   // b is now the least recently seen
        map.Add("c", new object());

        Assert.Equal(2, map.Count);
        Assert.Equal(1, map.Evictions);
        Assert.Null(map.Touch("b"));
        Assert.NotNull(map.Touch("a"));
        Assert.Equal("c", map.Oldest!.Value.Key);
    }

    [Fact]
    public void Minute_counts_keep_the_mean_and_variance_of_the_last_minutes_only()
    {
        var counts = new MinuteCounts(3);
        foreach (var c in new[] { 100, 1, 2, 3 }) counts.Push(c);

        Assert.Equal(3, counts.History);
        Assert.Equal(2, counts.Mean, 1e-12);
        Assert.Equal(1, counts.Variance, 1e-12);
        counts.PushZeros(10);
        Assert.Equal(0, counts.Mean);
        Assert.Equal(3, counts.History);
    }

    [Fact]
    public void Recent_log_ids_are_the_newest_first()
    {
        var ids = new RecentLogIds(3);
        foreach (var id in new long[] { 1, 2, 3, 4 }) ids.Add(id);
        Assert.Equal([4L, 3L, 2L], ids.ToArrayNewestFirst());
    }

    [Fact]
    public void Options_that_make_no_sense_fail_at_start()
    {
        AnomalyDetectionOptions.Production.Validate();
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnomalyDetectionOptions { Alpha = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnomalyDetectionOptions { MinBaselineMinutes = 90 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnomalyDetectionOptions { IncidentEndAlpha = 1e-9 }.Validate());
    }
}
