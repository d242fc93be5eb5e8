namespace Analysis.Service.Anomalies;

/// <summary>A minute's count found surprising against the baseline it was judged by.</summary>
public readonly record struct RateFinding(long Minute, long Count, double Mean, double Variance, int BaselineMinutes, double Tail)
{
    /// <summary>The minute's latest log ids, newest first, taken when the finding is made (its key moves on).</summary>
    public long[] Examples { get; init; } = [];

    public double StandardDeviation => Math.Sqrt(Variance);

    /// <summary>How the tail was computed, for the reasons.</summary>
    public string Distribution => CountTail.IsOverdispersed(Mean, Variance) ? "negative binomial" : "Poisson";
}
