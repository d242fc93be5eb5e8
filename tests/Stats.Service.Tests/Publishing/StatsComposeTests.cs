using Stats.Service.Publishing;

namespace Stats.Service.Tests.Publishing;

public class StatsComposeTests
{
    [Fact]
    public void Queue_depth_is_the_streams_length_and_lag_the_part_no_worker_has_read()
    {
        var snapshot = new StatsSnapshot(Accepted: 1_000, Rejected: 7, Stored: 900, Batches: 9, DeadLettered: 40, StoreErrors: 1, QueueDepth: 5, Pending: 2, Consumers: 2, Unparsed: 11, SyslogDropped: 4);
        var stats = StatsPublisher.Compose(snapshot, 123.456, 200, DateTimeOffset.UnixEpoch);

        Assert.Equal(5, stats.QueueDepth);
        Assert.Equal((11, 4), (stats.TotalUnparsed, stats.TotalSyslogDropped));
        Assert.Equal(100, stats.AvgBatchSize);
        Assert.Equal(123.5, stats.MessagesPerSecond);
        Assert.Equal(200, stats.IngestPerSecond);
        Assert.Equal((1_000, 900, 7, 40, 9, 3, 2, 2), (stats.TotalAccepted, stats.TotalMessages, stats.TotalRejected, stats.TotalDeadLettered, stats.TotalBatches, stats.StreamLag, stats.Pending, stats.Consumers));
    }

    [Fact]
    public void Anomalies_are_the_analysis_counter_and_their_rate_per_minute()
    {
        var snapshot = new StatsSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, Anomalies: 12);
        var stats = StatsPublisher.Compose(snapshot, 0, 0, DateTimeOffset.UnixEpoch, anomaliesPerMinute: 1.234);
        Assert.Equal((12, 1.23), (stats.AnomaliesTotal, stats.AnomalyRate));
    }

    [Fact]
    public void Nothing_stored_yet_gives_zero_average()
    {
        Assert.Equal(0, new StatsSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0).AverageBatchSize);
    }
}
