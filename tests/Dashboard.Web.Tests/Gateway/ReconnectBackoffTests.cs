using Dashboard.Web.Gateway;

namespace Dashboard.Web.Tests.Gateway;

public class ReconnectBackoffTests
{
    // Jitter source fixed at the middle of its range: factor exactly 1.
    private static ReconnectBackoff Backoff(double random = 0.5)
        => new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), () => random);

    [Fact]
    public void Delays_double_up_to_the_cap()
    {
        var backoff = Backoff();

        var delays = Enumerable.Range(0, 9).Select(_ => backoff.NextDelay().TotalMilliseconds).ToArray();

        Assert.Equal([500d, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000], delays);
    }

    [Fact]
    public void It_never_gives_up()
    {
        var backoff = Backoff();

        for (var i = 0; i < 1_000; i++) backoff.NextDelay();

        Assert.Equal(TimeSpan.FromSeconds(30), backoff.NextDelay());
        Assert.Equal(1_001, backoff.Attempt);
    }

    [Fact]
    public void A_successful_connection_starts_the_schedule_again()
    {
        var backoff = Backoff();
        for (var i = 0; i < 5; i++) backoff.NextDelay();

        backoff.Reset();

        Assert.Equal(TimeSpan.FromMilliseconds(500), backoff.NextDelay());
    }

    [Theory]
    [InlineData(0.0, 400)]
    [InlineData(0.999999, 600)]
    public void Jitter_spreads_delays_by_twenty_percent(double random, double expectedMs)
        => Assert.Equal(expectedMs, Backoff(random).NextDelay().TotalMilliseconds, precision: 2);

    [Fact]
    public void Jitter_never_exceeds_the_cap()
    {
        var backoff = Backoff(0.999999);
        for (var i = 0; i < 20; i++) backoff.NextDelay();

        Assert.Equal(TimeSpan.FromSeconds(30), backoff.NextDelay());
    }
}
