namespace Stats.Service.Publishing;

/// <summary>What is read from Redis on each tick, before rates are derived.</summary>
public readonly record struct StatsSnapshot(
    long Accepted, long Rejected, long Stored, long Batches, long DeadLettered, long StoreErrors,
    long StreamLag, long Pending, int Consumers)
{
    /// <summary>Logs accepted but neither stored nor dead-lettered yet: what the platform still owes.</summary>
    public long QueueDepth => Math.Max(0, Accepted - Stored - DeadLettered);

    public double AverageBatchSize => Batches == 0 ? 0 : Math.Round((double)Stored / Batches, 1);
}
