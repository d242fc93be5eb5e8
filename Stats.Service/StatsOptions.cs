using System.ComponentModel.DataAnnotations;

namespace Stats.Service;

/// <summary>Settings of the live figures (section <c>Stats</c>), validated at start.</summary>
public sealed class StatsOptions
{
    public const string SectionName = "Stats";

    /// <summary>How often figures are published on <c>stats:live</c>.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The window over which rates (logs per second) are computed.</summary>
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many points <c>stats:history</c> keeps for charts (720 x 500 ms = 6 minutes).</summary>
    [Range(1, 100_000)]
    public int HistoryLength { get; set; } = 720;

    /// <summary>Logs waiting to be stored from which a <c>queue_backlog</c> system alert is raised (resolved below half).</summary>
    [Range(1, long.MaxValue)]
    public long BacklogAlertLogs { get; set; } = 1_000_000;

    /// <summary>How long storage must succeed before <c>store_errors</c> is resolved; also the least time between two dead-letter alerts.</summary>
    public TimeSpan AlertQuietPeriod { get; set; } = TimeSpan.FromSeconds(30);
}
