using System.Diagnostics;
using System.Diagnostics.Metrics;
using LogPlatform.Contracts;
using LogPlatform.Storage.Writing;

namespace Worker.Service.Telemetry;

/// <summary>The worker's ActivitySource and Meter (<see cref="TelemetryNames.Worker"/>, subscribed by ServiceDefaults).</summary>
public sealed class WorkerTelemetry
{
    public static readonly ActivitySource Source = new(TelemetryNames.Worker);

    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _storeDuration;
    private readonly Counter<long> _stored;
    private readonly Counter<long> _deadLettered;

    public WorkerTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(TelemetryNames.Worker);
        _batchSize = meter.CreateHistogram<int>("logplatform.worker.batch_size", "{log}", "Logs per stored batch");
        _storeDuration = meter.CreateHistogram<double>("logplatform.worker.store_duration", "ms", "Time to store one batch");
        _stored = meter.CreateCounter<long>("logplatform.worker.logs_stored", "{log}", "Logs stored");
        _deadLettered = meter.CreateCounter<long>("logplatform.worker.entries_dead_lettered", "{entry}", "Entries moved to the dead-letter list");
    }

    public void BatchStored(int logs, TimeSpan elapsed)
    {
        _storeDuration.Record(elapsed.TotalMilliseconds);
        _batchSize.Record(logs);
        _stored.Add(logs);
    }

    public void EntryDeadLettered() => _deadLettered.Add(1);

    /// <summary>A span for a batch: child of the first entry's ingest trace, linked to every other entry's.</summary>
    public static Activity? StartBatch(IReadOnlyList<StreamEntryLogs> entries)
    {
        var parents = entries.Select(e => e.TraceParent is { } tp && ActivityContext.TryParse(tp, null, out var c) ? c : default)
            .Where(c => c != default).ToList();
        var activity = Source.StartActivity("store logs", ActivityKind.Consumer,
            parents.Count > 0 ? parents[0] : default, links: parents.Skip(1).Take(32).Select(c => new ActivityLink(c)));
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.destination.name", RedisNames.IngestStream);
        activity?.SetTag("messaging.batch.message_count", entries.Count);
        return activity;
    }
}
