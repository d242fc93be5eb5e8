using Analysis.Service.Anomalies;

namespace Analysis.Service.Tests.Anomalies;

public sealed class CountTailTests
{
    [Fact]
    public void Poisson_tails_match_the_closed_form()
    {
        // P(X >= 5 | mean 1) = 1 − e^−1 (1 + 1 + 1/2 + 1/6 + 1/24)
        var expected = 1 - Math.Exp(-1) * (1 + 1 + 0.5 + 1.0 / 6 + 1.0 / 24);
        Assert.Equal(expected, CountTail.Upper(1, 1, 5), 1e-12);
        Assert.Equal(Math.Exp(-3) * (1 + 3), CountTail.Lower(3, 3, 1), 1e-12);
        Assert.Equal(1, CountTail.Upper(4, 4, 0));
    }

    [Fact]
    public void A_negative_binomial_tail_is_heavier_than_a_poisson_one_with_the_same_mean()
    {
        // Mean 10, variance 30: r = 5, p = 1/3; P(X = 0) = p^r.
        Assert.Equal(Math.Pow(1.0 / 3, 5), CountTail.Lower(10, 30, 0), 1e-12);
        Assert.True(CountTail.Upper(10, 30, 30) > 100 * CountTail.Upper(10, 10, 30));
    }

    [Fact]
    public void Large_means_do_not_underflow()
    {
        // e^−5000 is 0 in double; walking in log space still gives the median near the mean.
        Assert.InRange(CountTail.Upper(5000, 5000, 5000), 0.48, 0.52);
        Assert.InRange(CountTail.Upper(5000, 5000, 5000 + 5 * 71), 1e-8, 1e-6);
    }

    [Fact]
    public void Far_tails_keep_their_precision()
    {
        // P(X >= 40 | mean 2) ~ e^−2 2^40 / 40! ~ 1.3e-36: 1 − cdf would say 0.
        var tail = CountTail.Upper(2, 2, 40);
        Assert.InRange(tail, 1e-37, 1e-35);
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(30.0, 30.0)]
    [InlineData(30.0, 200.0)]
    [InlineData(800.0, 900.0)]
    public void The_surprising_count_is_the_first_whose_upper_tail_is_below_alpha(double mean, double variance)
    {
        var from = CountTail.SurprisingFrom(mean, variance, 1e-6);
        Assert.True(CountTail.Upper(mean, variance, from) < 1e-6);
        Assert.True(CountTail.Upper(mean, variance, from - 1) >= 1e-6 * 0.999);
    }
}
