using Dashboard.Web.Live;
using LogPlatform.Contracts;

namespace Dashboard.Web.Tests.Live;

public class ThroughputSeriesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 5, 0, 0, TimeSpan.Zero);

    private static LiveStats Stats(double seconds, double stored, double ingest = 0)
        => new() { Timestamp = T0.AddSeconds(seconds), MessagesPerSecond = stored, IngestPerSecond = ingest };

    [Fact]
    public void Each_stats_update_becomes_a_point_in_time_order()
    {
        var series = new ThroughputSeries(TimeSpan.FromMinutes(5));

        series.Add(Stats(0, 10, 12));
        series.Add(Stats(0.5, 20, 18));

        Assert.Equal([new ThroughputPoint(T0, 10, 12), new ThroughputPoint(T0.AddSeconds(0.5), 20, 18)], series.Snapshot());
    }

    [Fact]
    public void Points_older_than_the_window_fall_off()
    {
        var series = new ThroughputSeries(TimeSpan.FromSeconds(10));
        for (var s = 0; s <= 30; s++) series.Add(Stats(s, s));

        var points = series.Snapshot();

        Assert.Equal(T0.AddSeconds(20), points[0].At);
        Assert.Equal(T0.AddSeconds(30), points[^1].At);
        Assert.Equal(11, points.Length);
    }

    [Fact]
    public void Backfill_merges_history_in_any_order_without_duplicating_a_timestamp()
    {
        var series = new ThroughputSeries(TimeSpan.FromMinutes(5));
        series.Add(Stats(10, 100));
        series.Add(Stats(10.5, 110));

        // History comes newest first and overlaps the live points.
        series.Backfill([Stats(10.5, 999), Stats(10, 999), Stats(9.5, 90), Stats(9, 80)]);

        Assert.Equal([80d, 90, 100, 110], series.Snapshot().Select(p => p.StoredPerSecond));
    }

    [Fact]
    public void Negative_rates_are_drawn_as_zero()
    {
        Assert.Equal(0, ThroughputSeries.ToPoint(Stats(0, -3, -1)).StoredPerSecond);
    }
}
