using LogPlatform.Shipping.Sending;

namespace LogPlatform.Shipping.Tests.Sending;

public sealed class RetryBackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(10);

    [Fact]
    public void Delays_double_within_half_and_all_of_their_ceiling_up_to_the_maximum()
    {
        var backoff = new RetryBackoff(Initial, Max, new Random(42));
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var ceiling = Math.Min(Initial.TotalMilliseconds * Math.Pow(2, attempt), Max.TotalMilliseconds);
            for (var i = 0; i < 50; i++)
            {
                var delay = backoff.Delay(attempt).TotalMilliseconds;
                Assert.InRange(delay, ceiling / 2, ceiling);
            }
        }
    }

    [Fact]
    public void Delays_are_jittered()
    {
        var backoff = new RetryBackoff(Initial, Max, new Random(7));
        var delays = Enumerable.Range(0, 20).Select(_ => backoff.Delay(5)).Distinct().Count();
        Assert.True(delays > 10, $"only {delays} distinct delays of 20");
    }

    [Fact]
    public void Retry_after_is_a_floor_with_a_cap()
    {
        var backoff = new RetryBackoff(Initial, Max, new Random(1));
        Assert.Equal(TimeSpan.FromSeconds(5), backoff.Delay(0, TimeSpan.FromSeconds(5)));
        Assert.Equal(Max * 4, backoff.Delay(0, TimeSpan.FromDays(1)));
        // A Retry-After shorter than the back-off does not shorten it.
        Assert.InRange(backoff.Delay(10, TimeSpan.FromMilliseconds(1)), Max / 2, Max);
    }
}
