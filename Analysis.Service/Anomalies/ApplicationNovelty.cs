namespace Analysis.Service.Anomalies;

/// <summary>When an application was first seen (its warm-up) and how many new patterns it reported this minute.</summary>
public sealed class ApplicationNovelty(DateTimeOffset firstSeen)
{
    public DateTimeOffset FirstSeen { get; set; } = firstSeen;

    public long Minute { get; set; } = long.MinValue;

    public int ReportedThisMinute { get; set; }
}
