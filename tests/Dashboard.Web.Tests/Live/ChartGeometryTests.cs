using Dashboard.Web.Live;

namespace Dashboard.Web.Tests.Live;

public class ChartGeometryTests
{
    private static readonly DateTimeOffset End = new(2026, 11, 25, 5, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 10)]
    [InlineData(7, 10)]
    [InlineData(11, 20)]
    [InlineData(120, 200)]
    [InlineData(4_100, 5_000)]
    [InlineData(5_000, 5_000)]
    [InlineData(5_001, 10_000)]
    public void The_y_axis_ends_on_a_round_number(double max, double expected)
        => Assert.Equal(expected, ChartGeometry.NiceCeiling(max));

    [Fact]
    public void Points_map_time_to_x_and_rate_to_y()
    {
        ThroughputPoint[] points =
        [
            new(End.AddSeconds(-100), 0, 0),     // left edge, bottom
            new(End.AddSeconds(-50), 50, 100),   // middle
            new(End, 100, 25),                   // right edge
        ];

        var chart = ChartGeometry.Build(points, End, TimeSpan.FromSeconds(100), width: 200, height: 100);

        Assert.Equal(100, chart.YMax);
        Assert.Equal("0,100 100,50 200,0", chart.StoredLine);
        Assert.Equal("0,100 100,0 200,75", chart.IngestLine);
    }

    [Fact]
    public void Points_outside_the_window_are_left_out()
    {
        ThroughputPoint[] points = [new(End.AddMinutes(-10), 9_999, 9_999), new(End, 5, 5)];

        var chart = ChartGeometry.Build(points, End, TimeSpan.FromMinutes(1), 100, 100);

        Assert.Equal(10, chart.YMax);
        Assert.Equal("100,50", chart.StoredLine);
    }
}
