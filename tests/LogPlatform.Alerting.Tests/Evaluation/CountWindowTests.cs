using LogPlatform.Alerting.Evaluation;

namespace LogPlatform.Alerting.Tests.Evaluation;

public sealed class CountWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Counts_slide_out_after_the_window()
    {
        var window = new CountWindow(TimeSpan.FromMinutes(1)); // 60 buckets of 1 s
        window.Add(T0, 5, 1);
        window.Add(T0.AddSeconds(30), 3, 0);
        Assert.Equal((8L, 1L), window.Read(T0.AddSeconds(59)));
        Assert.Equal((3L, 0L), window.Read(T0.AddSeconds(60)));
        Assert.Equal((0L, 0L), window.Read(T0.AddSeconds(90)));
    }

    [Fact]
    public void What_is_older_than_the_window_counts_for_nothing()
    {
        var window = new CountWindow(TimeSpan.FromMinutes(1));
        window.Add(T0.AddMinutes(5), 1, 0);
        window.Add(T0, 100, 100);
        Assert.Equal((1L, 0L), window.Read(T0.AddMinutes(5)));
    }

    [Fact]
    public void A_long_gap_empties_the_window()
    {
        var window = new CountWindow(TimeSpan.FromHours(1)); // buckets of a minute
        for (var i = 0; i < 60; i++) window.Add(T0.AddMinutes(i), 1, 0);
        Assert.Equal(60, window.Read(T0.AddMinutes(59)).Count);
        Assert.Equal(0, window.Read(T0.AddDays(3)).Count);
        window.Add(T0.AddDays(3), 2, 2);
        Assert.Equal((2L, 2L), window.Read(T0.AddDays(3).AddMinutes(1)));
    }

    [Theory]
    [InlineData(10, 1)]
    [InlineData(300, 5)]
    [InlineData(86_400, 1_440)]
    public void Buckets_are_a_sixtieth_of_the_window_and_at_least_a_second(int windowSeconds, int bucketSeconds)
        => Assert.Equal(TimeSpan.FromSeconds(bucketSeconds), CountWindow.WidthFor(TimeSpan.FromSeconds(windowSeconds)));

    [Fact]
    public void A_window_under_a_minute_is_exactly_as_long()
    {
        var window = new CountWindow(TimeSpan.FromSeconds(10)); // 10 buckets of 1 s
        window.Add(T0, 4, 0);
        Assert.Equal(4, window.Read(T0.AddSeconds(9)).Count);
        Assert.Equal(0, window.Read(T0.AddSeconds(10)).Count);
    }
}
