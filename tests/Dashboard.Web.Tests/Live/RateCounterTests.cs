using Dashboard.Web.Live;

namespace Dashboard.Web.Tests.Live;

public class RateCounterTests
{
    [Fact]
    public void Reports_events_per_second_once_a_second_has_passed()
    {
        var t0 = new DateTimeOffset(2026, 11, 25, 5, 0, 0, TimeSpan.Zero);
        var rate = new RateCounter();

        for (var i = 0; i < 10; i++) rate.Record(t0.AddMilliseconds(i * 100));
        Assert.Equal(0, rate.PerSecond); // 0.9 s: not yet a full second

        rate.Record(t0.AddMilliseconds(1000));
        Assert.Equal(11, rate.PerSecond, precision: 6);
    }
}
