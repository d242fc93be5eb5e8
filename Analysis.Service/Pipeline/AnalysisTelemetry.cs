using System.Diagnostics;
using System.Diagnostics.Metrics;
using LogPlatform.Contracts;

namespace Analysis.Service.Pipeline;

/// <summary>The analysis service's Meter and ActivitySource (<see cref="TelemetryNames.Analysis"/>, subscribed by ServiceDefaults).</summary>
public sealed class AnalysisTelemetry
{
    public static readonly ActivitySource ActivitySource = new(TelemetryNames.Analysis);

    private readonly Counter<long> _analysed;
    private readonly Counter<long> _skipped;
    private readonly Counter<long> _lagging;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _malformed;
    private readonly Counter<long> _commits;
    private readonly Counter<long> _anomalies;
    private readonly Counter<long> _terms;
    private long _evictions;
    private long _patterns;

    public AnalysisTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(TelemetryNames.Analysis);
        _analysed = meter.CreateCounter<long>("logplatform.analysis.logs", description: "Stored logs analysed");
        _skipped = meter.CreateCounter<long>("logplatform.analysis.skipped", description: "Stored logs skipped because the analysis fell behind by more than Analysis:MaxLag");
        _lagging = meter.CreateCounter<long>("logplatform.analysis.lagging", description: "Times the analysis skipped ahead (analysis_lagging alerts)");
        _dropped = meter.CreateCounter<long>("logplatform.analysis.live_dropped", description: "Live batches dropped while busy (read back from PostgreSQL)");
        _malformed = meter.CreateCounter<long>("logplatform.analysis.live_malformed", description: "Malformed messages on logs:live");
        _commits = meter.CreateCounter<long>("logplatform.analysis.commits", description: "Commits of counts and checkpoint");
        _anomalies = meter.CreateCounter<long>("logplatform.analysis.anomalies", description: "Anomalies stored and published");
        _terms = meter.CreateCounter<long>("logplatform.analysis.leader_terms", description: "Times this instance became the active one");
        meter.CreateObservableGauge("logplatform.analysis.patterns", () => Interlocked.Read(ref _patterns), description: "Patterns held by the miner");
        meter.CreateObservableCounter("logplatform.analysis.evictions", () => Interlocked.Read(ref _evictions),
            description: "Patterns evicted (least recently seen) to stay within the bound, this leader term");
    }

    public void Analysed(int count) => _analysed.Add(count);
    public void Skipped(long count) { _skipped.Add(count); _lagging.Add(1); }
    public void LiveBatchDropped() => _dropped.Add(1);
    public void MalformedLiveBatch() => _malformed.Add(1);
    public void Committed(int patterns, long evictions)
    {
        _commits.Add(1);
        Interlocked.Exchange(ref _patterns, patterns);
        Interlocked.Exchange(ref _evictions, evictions);
    }
    public void AnomaliesPublished(int count) => _anomalies.Add(count);
    public void BecameLeader() => _terms.Add(1);
}
