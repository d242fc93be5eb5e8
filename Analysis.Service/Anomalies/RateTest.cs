namespace Analysis.Service.Anomalies;

/// <summary>
/// Judges a key's count per minute against its own recent baseline: the count is surprising when its tail probability
/// under the baseline (<see cref="CountTail"/>) is below alpha. A rise is caught as the minute fills (the count so far
/// already passes the minute's threshold), a drop when the minute closes. The expected distribution is the baseline's
/// mean (at least <c>priorMean</c>) and its predictive variance: the sample variance (at least the mean: never tighter
/// than Poisson) widened by the uncertainty of a mean estimated from n minutes (× (1 + 1/n)).
/// Minutes of an incident stay out of the baseline, so a long incident does not teach the baseline that it is normal,
/// until <see cref="AnomalyDetectionOptions.MaxIncidentMinutes"/>, when its level is adopted.
/// </summary>
public sealed class RateTest(AnomalyDetectionOptions options, int minHistory, long minRiseCount, double priorMean, bool judgeDrops)
{
    public KeyRate NewKey() => new(options.BaselineMinutes, options.MaxExamples);

    public double Mean(MinuteCounts counts) => Math.Max(counts.Mean, priorMean);

    public double Variance(MinuteCounts counts)
    {
        var mean = Mean(counts);
        return Math.Max(counts.Variance, mean) * (1 + 1.0 / Math.Max(counts.History, 1));
    }

    /// <summary>
    /// Counts one log at <paramref name="minute"/> (the key rolled to it first: <see cref="RollTo"/>); a finding when
    /// it makes the minute a new rise.
    /// </summary>
    public RateFinding? Count(KeyRate key, long minute, long logId)
    {
        var counts = key.Counts;
        if (counts.Minute == long.MinValue) counts.Minute = minute;
        // A late log (an older minute) counts in the current one.
        counts.Current++;
        key.Examples.Add(logId);
        if (key.Incident != RateIncident.None) return null;
        if (key.Threshold < 0) key.Threshold = ThresholdOf(counts);
        if (counts.Current < key.Threshold) return null;

        var (mean, variance) = (Mean(counts), Variance(counts));
        key.Incident = RateIncident.Rise;
        key.IncidentMinutes = 0;
        return new RateFinding(counts.Minute, counts.Current, mean, variance, counts.History,
            CountTail.Upper(mean, variance, counts.Current)) { Examples = key.Examples.ToArrayNewestFirst() };
    }

    /// <summary>
    /// Closes the key's minutes before <paramref name="minute"/>: ends an incident the closed minute shows is over,
    /// and finds a drop (when drops are judged). True when <paramref name="drop"/> was found.
    /// </summary>
    public bool RollTo(KeyRate key, long minute, out RateFinding drop)
    {
        drop = default;
        var counts = key.Counts;
        if (counts.Minute == long.MinValue || minute <= counts.Minute) return false;
        var closed = counts.Current;
        var gap = minute - counts.Minute - 1;
        var found = false;
        var (mean, variance) = (Mean(counts), Variance(counts));

        if (key.Incident != RateIncident.None)
        {
            key.IncidentMinutes++;
            var ordinary = key.Incident == RateIncident.Rise
                ? CountTail.Upper(mean, variance, closed) > options.IncidentEndAlpha
                : CountTail.Lower(mean, variance, closed) > options.IncidentEndAlpha;
            if (ordinary || key.IncidentMinutes >= options.MaxIncidentMinutes) key.Incident = RateIncident.None;
            if (key.Incident == RateIncident.None) counts.Push(closed);
        }
        else if (judgeDrops && counts.History >= minHistory && mean >= options.MinDropMean
            && CountTail.Lower(mean, variance, closed) is var tail && tail < options.Alpha)
        {
            drop = new RateFinding(counts.Minute, closed, mean, variance, counts.History, tail)
            {
                Examples = key.Examples.ToArrayNewestFirst(),
            };
            key.Incident = RateIncident.Drop;
            key.IncidentMinutes = 0;
            found = true;
        }
        else
        {
            counts.Push(closed);
        }

        if (gap > 0)
        {
            // Minutes with nothing: they end a rise; a drop goes on through them (not learnt) until it is the new normal.
            if (key.Incident == RateIncident.Rise) key.Incident = RateIncident.None;
            if (key.Incident == RateIncident.Drop)
            {
                key.IncidentMinutes += (int)Math.Min(gap, options.MaxIncidentMinutes);
                if (key.IncidentMinutes >= options.MaxIncidentMinutes) key.Incident = RateIncident.None;
            }
            if (key.Incident == RateIncident.None) counts.PushZeros(gap);
        }
        counts.Minute = minute;
        counts.Current = 0;
        key.Threshold = -1;
        key.Examples.Clear();
        return found;
    }

    private long ThresholdOf(MinuteCounts counts)
    {
        if (counts.History < minHistory) return long.MaxValue;
        return Math.Max(minRiseCount, CountTail.SurprisingFrom(Mean(counts), Variance(counts), options.Alpha));
    }
}
