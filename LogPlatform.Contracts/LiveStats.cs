using System.Text.Json.Serialization;

namespace LogPlatform.Contracts;

/// <summary>The live figures Stats.Service publishes every 500 ms on <see cref="RedisNames.LiveStatsChannel"/>.</summary>
public sealed record LiveStats
{
    /// <summary>Logs accepted by ingest since the platform's data began.</summary>
    [JsonPropertyName("total_accepted")] public long TotalAccepted { get; init; }
    /// <summary>Logs stored in PostgreSQL.</summary>
    [JsonPropertyName("total_messages")] public long TotalMessages { get; init; }
    [JsonPropertyName("total_rejected")] public long TotalRejected { get; init; }
    /// <summary>Text lines no format matched: stored anyway as raw text flagged <c>parse_error</c>, and counted here.</summary>
    [JsonPropertyName("total_unparsed")] public long TotalUnparsed { get; init; }
    /// <summary>Syslog datagrams dropped under back-pressure (UDP cannot be slowed down).</summary>
    [JsonPropertyName("total_syslog_dropped")] public long TotalSyslogDropped { get; init; }
    [JsonPropertyName("total_dead_lettered")] public long TotalDeadLettered { get; init; }
    [JsonPropertyName("total_batches")] public long TotalBatches { get; init; }
    [JsonPropertyName("avg_batch_size")] public double AvgBatchSize { get; init; }
    /// <summary>Stored logs per second over the last few seconds.</summary>
    [JsonPropertyName("messages_per_second")] public double MessagesPerSecond { get; init; }
    /// <summary>Accepted logs per second over the last few seconds.</summary>
    [JsonPropertyName("ingest_per_second")] public double IngestPerSecond { get; init; }
    /// <summary>
    /// Stream entries accepted but not yet stored (each entry holds one request's logs, up to 1,000): the stream's length,
    /// since workers delete what they have stored. The figure ingest's back-pressure uses.
    /// </summary>
    [JsonPropertyName("queue_depth")] public long QueueDepth { get; init; }
    /// <summary>Stream entries no worker has read yet (the queue depth less the pending entries).</summary>
    [JsonPropertyName("stream_lag")] public long StreamLag { get; init; }
    /// <summary>Stream entries delivered but not yet acknowledged.</summary>
    [JsonPropertyName("pending")] public long Pending { get; init; }
    /// <summary>Live workers: consumers of the writers group that read recently.</summary>
    [JsonPropertyName("consumers")] public int Consumers { get; init; }
    [JsonPropertyName("store_errors")] public long StoreErrors { get; init; }
    /// <summary>Anomalies the analysis service found and stored since the platform's data began.</summary>
    [JsonPropertyName("anomalies_total")] public long AnomaliesTotal { get; init; }
    /// <summary>Anomalies per minute over the last ten minutes.</summary>
    [JsonPropertyName("anomaly_rate")] public double AnomalyRate { get; init; }
    [JsonPropertyName("timestamp")] public DateTimeOffset Timestamp { get; init; }
}
