namespace Stats.Service.Publishing;

/// <summary>What is read from Redis on each tick, before rates are derived.</summary>
/// <param name="QueueDepth">Stream entries not yet stored: the stream's length.</param>
/// <param name="Pending">Of those, the entries delivered to a worker and not yet acknowledged.</param>
/// <param name="Consumers">Consumers of the writers group that read recently: live workers.</param>
public readonly record struct StatsSnapshot(
    long Accepted, long Rejected, long Stored, long Batches, long DeadLettered, long StoreErrors,
    long QueueDepth, long Pending, int Consumers, long Unparsed = 0, long SyslogDropped = 0, long Anomalies = 0)
{
    /// <summary>Entries on the stream that no worker has read yet.</summary>
    public long StreamLag => QueueDepth - Pending;

    public double AverageBatchSize => Batches == 0 ? 0 : Math.Round((double)Stored / Batches, 1);
}
