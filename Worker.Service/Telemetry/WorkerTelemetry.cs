using System.Diagnostics;
using System.Diagnostics.Metrics;
using LogPlatform.Contracts;

namespace Worker.Service.Consuming;

/// <summary>The worker's spans (one per stored batch, continuing the ingest traces) and metrics.</summary>
public sealed class WorkerTelemetry
{
    public static readonly ActivitySource ActivitySource = new(TelemetryNames.Worker);

    public WorkerTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(TelemetryNames.Worker);
        BatchSize = meter.CreateHistogram<int>("logplatform.worker.batch_size", "{log}", "Logs per stored batch");
        StoreDuration = meter.CreateHistogram<double>("logplatform.worker.store_duration", "ms", "Time to store one batch");
        Stored = meter.CreateCounter<long>("logplatform.worker.logs_stored", "{log}", "Logs stored");
        DeadLettered = meter.CreateCounter<long>("logplatform.worker.entries_dead_lettered", "{entry}", "Entries moved to the dead-letter list");
    }

    public Histogram<int> BatchSize { get; }
    public Histogram<double> StoreDuration { get; }
    public Counter<long> Stored { get; }
    public Counter<long> DeadLettered { get; }

    /// <summary>A span for a batch: child of the first entry's ingest trace, linked to every other entry's.</summary>
    public static Activity? StartBatch(IReadOnlyList<LogPlatform.Storage.Writing.StreamEntryLogs> entries)
    {
        var parents = entries.Select(e => e.TraceParent is { } tp && ActivityContext.TryParse(tp, null, out var c) ? c : default)
            .Where(c => c != default).ToList();
        var activity = ActivitySource.StartActivity("store logs", ActivityKind.Consumer,
            parents.Count > 0 ? parents[0] : default, links: parents.Skip(1).Take(32).Select(c => new ActivityLink(c)));
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.destination.name", RedisNames.IngestStream);
        activity?.SetTag("messaging.batch.message_count", entries.Count);
        return activity;
    }
}
