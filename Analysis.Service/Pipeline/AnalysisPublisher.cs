using System.Text.Json;
using LogPlatform.Contracts;
using StackExchange.Redis;

namespace Analysis.Service.Pipeline;

/// <summary>What the analysis tells the rest of the platform on Redis: stored anomalies, and that it skipped ahead.</summary>
public sealed class AnalysisPublisher(IConnectionMultiplexer redis, AnalysisTelemetry telemetry)
{
    /// <summary>As long as Stats.Service keeps it (its AlertsHistoryLength), so neither trims the other's alerts away.</summary>
    private const int AlertsHistoryLength = 200;

    public const string LaggingAlertCode = "analysis_lagging";

    /// <summary>Each anomaly on <c>anomalies:live</c>, and the anomaly counter raised by as many (the stats' figure).</summary>
    public async Task PublishAnomaliesAsync(IReadOnlyList<Anomaly> anomalies)
    {
        if (anomalies.Count == 0) return;
        var db = redis.GetDatabase();
        var batch = db.CreateBatch();
        var pending = new List<Task>(anomalies.Count + 1);
        foreach (var anomaly in anomalies)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(anomaly, ContractsJsonContext.Default.Anomaly);
            pending.Add(batch.PublishAsync(RedisChannel.Literal(RedisNames.LiveAnomaliesChannel), json));
        }
        pending.Add(batch.StringIncrementAsync(RedisNames.Counters.Anomalies, anomalies.Count));
        batch.Execute();
        await Task.WhenAll(pending);
        telemetry.AnomaliesPublished(anomalies.Count);
    }

    /// <summary>An <c>analysis_lagging</c> system alert: <paramref name="skipped"/> logs (at most; ids may have gaps) left out.</summary>
    public async Task PublishLaggingAsync(long skipped, long maxLag, DateTimeOffset now)
    {
        var alert = new SystemAlert
        {
            Code = LaggingAlertCode,
            Severity = "warning",
            Message = $"The analysis fell {skipped:N0} logs behind (more than Analysis:MaxLag = {maxLag:N0}) and skipped ahead to the newest: " +
                      "those logs are stored but have no pattern counts.",
            Value = skipped,
            Timestamp = now,
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(alert, ContractsJsonContext.Default.SystemAlert);
        var batch = redis.GetDatabase().CreateBatch();
        var pending = new[]
        {
            batch.PublishAsync(RedisChannel.Literal(RedisNames.LiveAlertsChannel), json),
            batch.ListLeftPushAsync(RedisNames.AlertsHistoryList, json),
            batch.ListTrimAsync(RedisNames.AlertsHistoryList, 0, AlertsHistoryLength - 1),
        };
        batch.Execute();
        await Task.WhenAll(pending);
    }
}
