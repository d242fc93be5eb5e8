using System.ComponentModel.DataAnnotations;

namespace Analysis.Service.Pipeline;

/// <summary>How the analysis follows the stored logs (section <c>Analysis</c>).</summary>
public sealed class AnalysisOptions
{
    public const string SectionName = "Analysis";

    /// <summary>
    /// Logs the analysis may fall behind the newest stored one. Past it, it skips ahead to the newest logs (and says so:
    /// an <c>analysis_lagging</c> system alert and a counter), so a backlog never grows without bound.
    /// </summary>
    [Range(1, int.MaxValue)] public int MaxLag { get; set; } = 200_000;

    /// <summary>How often the counts and the checkpoint are committed (a restart repeats at most this much work).</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the detectors are told the time: silences and closed minutes are only seen on a tick, so this bounds
    /// their detection delay.
    /// </summary>
    public TimeSpan DetectorTickInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Logs analysed before a commit is due, whatever the time.</summary>
    [Range(1, 1_000_000)] public int CommitEveryLogs { get; set; } = 20_000;

    /// <summary>Logs read per query when catching up from PostgreSQL.</summary>
    [Range(1, 100_000)] public int CatchUpPageSize { get; set; } = 5_000;

    /// <summary>Live batches held while the analysis is busy; past it they are dropped and read back from PostgreSQL.</summary>
    [Range(1, 1_000_000)] public int LiveBufferBatches { get; set; } = 2_000;

    /// <summary>How long a leader's lease lasts without renewal: the time a replica waits before taking over from a dead one.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the leader renews its lease, and how often a follower tries to take it.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The sources remembered per pattern.</summary>
    [Range(1, 1_000)] public int MaxSourcesPerPattern { get; set; } = 16;

    /// <summary>Days of per-minute counts kept.</summary>
    [Range(1, 3_650)] public int MinuteCountRetentionDays { get; set; } = 7;

    public bool IsValid(out string error)
    {
        error = "";
        if (CommitInterval <= TimeSpan.Zero) error = "Analysis:CommitInterval must be positive.";
        else if (DetectorTickInterval <= TimeSpan.Zero) error = "Analysis:DetectorTickInterval must be positive.";
        else if (LeaseRenewInterval <= TimeSpan.Zero || LeaseDuration < LeaseRenewInterval * 2)
            error = "Analysis:LeaseDuration must be at least twice Analysis:LeaseRenewInterval (which must be positive).";
        return error.Length == 0;
    }
}
