namespace Analysis.Service.Anomalies;

/// <summary>How steadily a source or pattern arrives: its mean pause, its longest pauses lately, and whether it is silent now.</summary>
public sealed class Arrivals(DateTimeOffset firstSeen, int examples)
{
    public DateTimeOffset FirstSeen { get; } = firstSeen;

    public DateTimeOffset LastSeen { get; private set; } = firstSeen;

    public long Count { get; private set; }

    /// <summary>The mean pause between arrivals, in seconds (a running mean, over the last hundred or so).</summary>
    public double MeanGapSeconds { get; private set; }

    /// <summary>The longest pause in this clock hour and the one before (so "lately" is one to two hours).</summary>
    public double LongestRecentGapSeconds => Math.Max(_longestThisHour, _longestLastHour);

    /// <summary>A silence was reported and nothing has arrived since.</summary>
    public bool Silent { get; set; }

    public RecentLogIds Examples { get; } = new(examples);

    public string Application { get; set; } = "";

    public string? Source { get; set; }

    public ulong? PatternId { get; set; }

    public string? Template { get; set; }

    private long _hour = long.MinValue;
    private double _longestThisHour;
    private double _longestLastHour;

    public void Arrive(DateTimeOffset at, long logId)
    {
        Examples.Add(logId);
        var gap = Math.Max(0, (at - LastSeen).TotalSeconds);
        if (at > LastSeen) LastSeen = at;
        Count++;
        if (Count == 1) return;
        if (Silent)
        {
            // The end of a reported silence: that pause is the incident, not the key's habit.
            Silent = false;
            return;
        }
        var weight = 1.0 / Math.Min(Count - 1, 100);
        MeanGapSeconds += (gap - MeanGapSeconds) * weight;
        var hour = AnomalyScore.MinuteOf(at) / 60;
        if (hour != _hour)
        {
            _longestLastHour = hour == _hour + 1 ? _longestThisHour : 0;
            _longestThisHour = 0;
            _hour = hour;
        }
        _longestThisHour = Math.Max(_longestThisHour, gap);
    }
}
