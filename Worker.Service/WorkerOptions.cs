using System.ComponentModel.DataAnnotations;

namespace Worker.Service;

/// <summary>Settings of a worker (section <c>Worker</c>), validated at start.</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>Most stream entries read at once (each holds up to 1,000 logs).</summary>
    [Range(1, 10_000)]
    public int ReadCount { get; set; } = 20;

    /// <summary>A batch closes at this many logs...</summary>
    [Range(1, 1_000_000)]
    public int MaxBatchLogs { get; set; } = 10_000;

    /// <summary>...or this long after its first entry arrived: short, so a lone log is live within milliseconds.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Batches being written at once per worker.</summary>
    [Range(1, 16)]
    public int WritesInFlight { get; set; } = 2;

    /// <summary>Entries pending longer than this with another consumer (it crashed) are claimed.</summary>
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A consumer without a heartbeat for this long, idle and with nothing pending, belongs to a worker that is gone and is
    /// removed from the group.
    /// Far beyond <see cref="ClaimIdleTime"/>: its entries have long been claimed by then.
    /// </summary>
    public TimeSpan ConsumerExpiry { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a worker records that it is alive (well within Stats:LiveConsumerIdle).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>An entry delivered this many times without being stored goes to the dead-letter list.</summary>
    [Range(1, 100)]
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>Days of logs kept; older daily partitions are dropped.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 14;

    /// <summary>Cap of the dead-letter list.</summary>
    [Range(1, 10_000_000)]
    public int DeadLetterCap { get; set; } = 100_000;
}
