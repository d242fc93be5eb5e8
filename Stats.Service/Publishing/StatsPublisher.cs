using System.Text.Json;
using LogPlatform.Contracts;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Stats.Service.Alerting;
using Stats.Service.Telemetry;

namespace Stats.Service.Publishing;

/// <summary>
/// Every 500 ms: reads the shared counters and the stream's figures, derives rates, publishes <see cref="LiveStats"/> on
/// <c>stats:live</c> and keeps a capped history in <c>stats:history</c> for charts. Figures live in Redis, so any replica
/// (or a restarted one) publishes the same totals.
/// </summary>
public sealed class StatsPublisher(
    IConnectionMultiplexer redis, StatsReader reader, IOptions<StatsOptions> options, TimeProvider time,
    StatsTelemetry telemetry, ILogger<StatsPublisher> logger) : BackgroundService
{
    /// <summary>Alerts kept in <c>alerts:history</c> for screens opened later.</summary>
    public const int AlertsHistoryLength = 200;

    private static readonly TimeSpan AnomalyRateWindow = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var storedRate = new RateWindow(settings.RateWindow);
        var acceptedRate = new RateWindow(settings.RateWindow);
        // Anomalies are rare: a rate over seconds would be 0 or a spike; per minute over ten minutes reads steadily.
        var anomalyRate = new RateWindow(AnomalyRateWindow);
        var alerts = new SystemAlertMonitor(settings.BacklogAlertEntries, settings.AlertQuietPeriod);

        using var timer = new PeriodicTimer(settings.Interval, time);
        try
        {
            do
            {
                await PublishOnceAsync(settings, storedRate, acceptedRate, anomalyRate, alerts);
                telemetry.PointPublished();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PublishOnceAsync(StatsOptions settings, RateWindow storedRate, RateWindow acceptedRate, RateWindow anomalyRate,
        SystemAlertMonitor alerts)
    {
        try
        {
            var snapshot = await reader.ReadAsync();
            var now = time.GetTimestamp();
            var stats = Compose(snapshot, storedRate.Add(now, snapshot.Stored, time), acceptedRate.Add(now, snapshot.Accepted, time), time.GetUtcNow(),
                anomaliesPerMinute: anomalyRate.Add(now, snapshot.Anomalies, time) * 60);
            var json = JsonSerializer.SerializeToUtf8Bytes(stats, ContractsJsonContext.Default.LiveStats);

            var batch = redis.GetDatabase().CreateBatch();
            var publish = batch.PublishAsync(RedisChannel.Literal(RedisNames.LiveStatsChannel), json);
            var push = batch.ListLeftPushAsync(RedisNames.StatsHistoryList, json);
            var trim = batch.ListTrimAsync(RedisNames.StatsHistoryList, 0, settings.HistoryLength - 1);
            var pending = new List<Task> { publish, push, trim };
            foreach (var alert in alerts.Evaluate(stats))
            {
                logger.LogWarning("System alert {Code} ({Severity}): {Message}", alert.Code, alert.Severity, alert.Message);
                var alertJson = JsonSerializer.SerializeToUtf8Bytes(alert, ContractsJsonContext.Default.SystemAlert);
                pending.Add(batch.PublishAsync(RedisChannel.Literal(RedisNames.LiveAlertsChannel), alertJson));
                pending.Add(batch.ListLeftPushAsync(RedisNames.AlertsHistoryList, alertJson));
                pending.Add(batch.ListTrimAsync(RedisNames.AlertsHistoryList, 0, AlertsHistoryLength - 1));
            }
            batch.Execute();
            await Task.WhenAll(pending);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Redis restarts are expected; the next tick tries again.
            logger.LogWarning("Could not publish stats: {Message}", ex.Message);
        }
    }

    public static LiveStats Compose(StatsSnapshot snapshot, double storedPerSecond, double acceptedPerSecond, DateTimeOffset now,
        double anomaliesPerMinute = 0) => new()
    {
        TotalAccepted = snapshot.Accepted,
        TotalMessages = snapshot.Stored,
        TotalRejected = snapshot.Rejected,
        TotalUnparsed = snapshot.Unparsed,
        TotalSyslogDropped = snapshot.SyslogDropped,
        TotalDeadLettered = snapshot.DeadLettered,
        TotalBatches = snapshot.Batches,
        AvgBatchSize = snapshot.AverageBatchSize,
        MessagesPerSecond = Math.Round(storedPerSecond, 1),
        IngestPerSecond = Math.Round(acceptedPerSecond, 1),
        QueueDepth = snapshot.QueueDepth,
        StreamLag = snapshot.StreamLag,
        Pending = snapshot.Pending,
        Consumers = snapshot.Consumers,
        StoreErrors = snapshot.StoreErrors,
        AnomaliesTotal = snapshot.Anomalies,
        AnomalyRate = Math.Round(anomaliesPerMinute, 2),
        Timestamp = now,
    };
}
