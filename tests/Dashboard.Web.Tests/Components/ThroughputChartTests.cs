using Bunit;
using Dashboard.Web.Components.Shared;
using Dashboard.Web.Live;

namespace Dashboard.Web.Tests.Components;

public class ThroughputChartTests : DashboardTestContext // the chart draws the session's anomaly marks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Draws_both_series_against_a_rounded_axis()
    {
        ThroughputPoint[] points = [new(Now.AddSeconds(-60), 1_000, 1_200), new(Now, 3_800, 4_100)];

        var chart = Render<ThroughputChart>(p => p
            .Add(c => c.Points, points)
            .Add(c => c.Window, TimeSpan.FromMinutes(2))
            .Add(c => c.End, Now));

        Assert.Equal(2, chart.Find("polyline.stored").GetAttribute("points")!.Split(' ').Length);
        Assert.Equal(2, chart.Find("polyline.ingest").GetAttribute("points")!.Split(' ').Length);
        Assert.Contains(chart.FindAll("text.axis"), t => t.TextContent == "5k");
        Assert.Contains("last 2 min", chart.Find("figcaption").TextContent);
    }

    [Fact]
    public void Re_renders_only_when_new_points_arrive()
    {
        ThroughputPoint[] points = [new(Now, 10, 10)];
        var chart = Render<ThroughputChart>(p => p.Add(c => c.Points, points).Add(c => c.End, Now));
        var renders = chart.RenderCount;

        chart.Render(p => p.Add(c => c.Points, points).Add(c => c.End, Now.AddMilliseconds(100)));
        Assert.Equal(renders, chart.RenderCount);

        chart.Render(p => p.Add(c => c.Points, [.. points, new(Now.AddSeconds(1), 20, 20)]).Add(c => c.End, Now.AddSeconds(1)));
        Assert.Equal(renders + 1, chart.RenderCount);
    }
}
