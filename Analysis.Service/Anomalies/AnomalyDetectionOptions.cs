namespace Analysis.Service.Anomalies;

/// <summary>
/// How the detectors decide. One configuration for every application, as for the miner: the statistics adapt to
/// each key's own baseline, so nothing here is about a particular log source.
/// </summary>
public sealed record AnomalyDetectionOptions
{
    public const string SectionName = "Analysis:Anomalies";

    public static AnomalyDetectionOptions Production { get; } = new();

    /// <summary>Keys (patterns, applications, sources) tracked per detector; the least recently seen is dropped past it.</summary>
    public int MaxTrackedKeys { get; init; } = 20_000;

    /// <summary>Completed minutes a rate is compared with (its recent baseline).</summary>
    public int BaselineMinutes { get; init; } = 60;

    /// <summary>Minutes of history a key needs before its rate is judged.</summary>
    public int MinBaselineMinutes { get; init; } = 10;

    /// <summary>
    /// The tail probability under the baseline below which a count is anomalous. Small, because it is tested once per
    /// key and minute: with 1,000 keys that is 60,000 tests an hour, so 1e-6 keeps chance alarms far below one a day
    /// where the baseline's distribution fits.
    /// </summary>
    public double Alpha { get; init; } = 1e-6;

    /// <summary>An incident ends with the first minute whose tail probability is above this (back to ordinary).</summary>
    public double IncidentEndAlpha { get; init; } = 0.01;

    /// <summary>An incident longer than this is the new normal: it ends, and its level joins the baseline.</summary>
    public int MaxIncidentMinutes { get; init; } = 30;

    /// <summary>The least count in a minute a rise is reported at, however quiet the key was.</summary>
    public int MinRiseCount { get; init; } = 10;

    /// <summary>Drops are judged only for keys at least this busy per minute (below it, a quiet minute is ordinary).</summary>
    public double MinDropMean { get; init; } = 30;

    /// <summary>An application's patterns are new only after it has been seen this long (its own warm-up).</summary>
    public TimeSpan NewPatternWarmUp { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>New-pattern anomalies per application and minute; more are one deploy's worth, counted but not reported.</summary>
    public int MaxNewPatternsPerMinute { get; init; } = 3;

    /// <summary>The least errors in a minute from one application and source that make a burst.</summary>
    public int MinBurstErrors { get; init; } = 10;

    /// <summary>The errors per minute a source with no history is assumed to have (a prior for the burst test).</summary>
    public double BurstPriorMean { get; init; } = 0.5;

    /// <summary>A silence is never shorter than this.</summary>
    public TimeSpan MinSilence { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Arrivals a source or pattern needs, over at least <see cref="MinBaselineMinutes"/>, to count as steady.</summary>
    public int MinSteadyArrivals { get; init; } = 20;

    /// <summary>Silence must exceed this many times the longest pause seen in the last one to two hours.</summary>
    public double SilenceLongestGapFactor { get; init; } = 2;

    /// <summary>Examples kept per anomaly (the triggering log first).</summary>
    public int MaxExamples { get; init; } = 3;

    /// <summary>An observation stamped further than this ahead of the last tick counts at the tick's time (a skewed client clock).</summary>
    public TimeSpan MaxClockAhead { get; init; } = TimeSpan.FromMinutes(2);

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxTrackedKeys);
        ArgumentOutOfRangeException.ThrowIfLessThan(BaselineMinutes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinBaselineMinutes, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MinBaselineMinutes, BaselineMinutes);
        if (Alpha is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(Alpha), "must be in (0, 1)");
        if (IncidentEndAlpha <= Alpha || IncidentEndAlpha >= 1)
            throw new ArgumentOutOfRangeException(nameof(IncidentEndAlpha), "must be in (Alpha, 1)");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxIncidentMinutes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinRiseCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinDropMean);
        ArgumentOutOfRangeException.ThrowIfLessThan(NewPatternWarmUp, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxNewPatternsPerMinute);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinBurstErrors);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BurstPriorMean);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MinSilence, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinSteadyArrivals, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(SilenceLongestGapFactor, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxExamples);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxClockAhead, TimeSpan.Zero);
    }
}
