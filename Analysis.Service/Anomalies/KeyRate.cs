namespace Analysis.Service.Anomalies;

/// <summary>One key's per-minute counts, the incident it is in, and its latest log ids; judged by a <see cref="RateTest"/>.</summary>
public sealed class KeyRate(int baselineMinutes, int examples)
{
    public MinuteCounts Counts { get; } = new(baselineMinutes);

    public RecentLogIds Examples { get; } = new(examples);

    /// <summary>The count in the current minute from which it is surprising; −1 until computed for the minute.</summary>
    public long Threshold { get; set; } = -1;

    public RateIncident Incident { get; set; }

    public int IncidentMinutes { get; set; }

    /// <summary>What the key is, for the anomalies it yields (the latest template, as the pattern generalises).</summary>
    public string Application { get; set; } = "";

    public string? Source { get; set; }

    public ulong? PatternId { get; set; }

    public string? Template { get; set; }
}
