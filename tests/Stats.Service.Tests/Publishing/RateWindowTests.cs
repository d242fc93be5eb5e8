using Microsoft.Extensions.Time.Testing;
using Stats.Service.Publishing;

namespace Stats.Service.Tests.Publishing;

public class RateWindowTests
{
    private readonly FakeTimeProvider time = new();

    private double Add(RateWindow window, long value) => window.Add(time.GetTimestamp(), value, time);

    [Fact]
    public void First_sample_has_no_rate()
        => Assert.Equal(0, Add(new RateWindow(TimeSpan.FromSeconds(5)), 1_000));

    [Fact]
    public void Rate_is_growth_over_elapsed_time()
    {
        var window = new RateWindow(TimeSpan.FromSeconds(5));
        Add(window, 0);
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2_000, Add(window, 1_000), precision: 6);
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(3_000, Add(window, 3_000), precision: 6);
    }

    [Fact]
    public void Old_samples_leave_the_window()
    {
        var window = new RateWindow(TimeSpan.FromSeconds(2));
        Add(window, 0);
        for (var i = 1; i <= 10; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            // 100/s for the first five seconds, then 1,000/s.
            Add(window, i <= 5 ? i * 100 : 500 + (i - 5) * 1_000);
        }
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1_000, Add(window, 500 + 6 * 1_000), precision: 6);
    }

    [Fact]
    public void A_counter_that_goes_back_restarts_instead_of_going_negative()
    {
        var window = new RateWindow(TimeSpan.FromSeconds(5));
        Add(window, 10_000);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, Add(window, 5));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(95, Add(window, 100), precision: 6);
    }
}
