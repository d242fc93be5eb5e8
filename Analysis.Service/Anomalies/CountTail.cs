namespace Analysis.Service.Anomalies;

/// <summary>
/// Tail probabilities of a per-minute count under its baseline: a negative binomial with the baseline's mean and
/// variance when the counts vary more than a Poisson count would (overdispersed, as most log rates are), else a
/// Poisson with the mean. The probability mass is walked in log space from zero, so large means do not underflow.
/// </summary>
public static class CountTail
{
    /// <summary>The walk stops here: beyond a few million per minute a count is not a rare event of one key.</summary>
    private const long MaxSteps = 4_000_000;

    /// <summary>P(X ≥ count).</summary>
    public static double Upper(double mean, double variance, long count)
    {
        if (count <= 0) return 1;
        var mass = new Mass(mean, variance);
        var below = 0.0;
        for (long k = 0; k < count && k < MaxSteps; k++) below += mass.Next();
        if (below < 0.5) return Math.Clamp(1 - below, 0, 1);
        // Far in the tail 1 − cdf loses precision: sum the tail itself until its terms stop counting.
        var tail = 0.0;
        for (long k = count; k < count + MaxSteps; k++)
        {
            var term = mass.Next();
            tail += term;
            if (term < tail * 1e-12 || term == 0 && k > mean) break;
        }
        return Math.Clamp(tail, 0, 1);
    }

    /// <summary>P(X ≤ count).</summary>
    public static double Lower(double mean, double variance, long count)
    {
        if (count < 0) return 0;
        var mass = new Mass(mean, variance);
        var cdf = 0.0;
        for (long k = 0; k <= count && k < MaxSteps; k++) cdf += mass.Next();
        return Math.Clamp(cdf, 0, 1);
    }

    /// <summary>The smallest count whose upper tail P(X ≥ count) is below <paramref name="alpha"/>.</summary>
    public static long SurprisingFrom(double mean, double variance, double alpha)
    {
        var mass = new Mass(mean, variance);
        var cdf = 0.0;
        for (long k = 0; k < MaxSteps; k++)
        {
            cdf += mass.Next();
            if (1 - cdf < alpha) return k + 1;
        }
        return MaxSteps;
    }

    /// <summary>Whether the baseline is overdispersed, so the negative binomial applies (for the reasons' wording).</summary>
    public static bool IsOverdispersed(double mean, double variance) => variance > mean * 1.0001 && mean > 0;

    /// <summary>Successive probabilities P(X = 0), P(X = 1), ... by the pmf's recurrence in log space.</summary>
    private struct Mass
    {
        private readonly double _logStep;   // ln μ (Poisson) or ln(1 − p) (negative binomial)
        private readonly double _r;         // negative binomial size; 0 for Poisson
        private double _logP;
        private long _k;

        public Mass(double mean, double variance)
        {
            mean = Math.Max(mean, 1e-9);
            if (IsOverdispersed(mean, variance))
            {
                var p = mean / variance;
                _r = mean * mean / (variance - mean);
                _logStep = Math.Log(1 - p);
                _logP = _r * Math.Log(p);
            }
            else
            {
                _r = 0;
                _logStep = Math.Log(mean);
                _logP = -mean;
            }
            _k = -1;
        }

        public double Next()
        {
            if (_k >= 0) _logP += _r > 0 ? Math.Log((_k + _r) / (_k + 1)) + _logStep : _logStep - Math.Log(_k + 1);
            _k++;
            return Math.Exp(_logP);
        }
    }
}
