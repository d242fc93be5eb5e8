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

    /// <summary>
    /// Stream entries waiting to be stored from which a <c>queue_backlog</c> system alert is raised (resolved below half):
    /// by default half of ingest's high-water mark, so people hear of a backlog before ingest starts refusing.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long BacklogAlertEntries { get; set; } = 2_500;

    /// <summary>
    /// A worker whose last heartbeat (Worker:HeartbeatInterval, 3 s) is older than this is not counted as live: it crashed,
    /// or it is stopped.
    /// </summary>
    public TimeSpan LiveConsumerIdle { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long storage must succeed before <c>store_errors</c> is resolved; also the least time between two dead-letter alerts.</summary>
    public TimeSpan AlertQuietPeriod { get; set; } = TimeSpan.FromSeconds(30);
}
