using Dashboard.Web.Analysis;

namespace Dashboard.Web.Tests.Analysis;

public class SparklineTests
{
    [Fact]
    public void Minutes_spread_across_the_width_and_the_busiest_minute_touches_the_top()
        => Assert.Equal("0,20 50,10 100,0", Sparkline.Points([0, 2, 4], 100, 20));

    [Fact]
    public void An_idle_window_is_a_flat_line_along_the_bottom()
        => Assert.Equal("0,20 50,20 100,20", Sparkline.Points([0, 0, 0], 100, 20));

    [Fact]
    public void A_single_minute_draws_a_segment_across_the_width()
        => Assert.Equal("0,0 100,0", Sparkline.Points([3], 100, 20));

    [Fact]
    public void No_minutes_draw_nothing()
        => Assert.Equal("", Sparkline.Points([], 100, 20));
}
