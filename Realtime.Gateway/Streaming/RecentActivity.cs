namespace Realtime.Gateway.Streaming;

/// <summary>What this replica saw recently, for formats whose stats count anomalies and active sources.</summary>
/// <param name="Anomalies">Anomalies relayed in the last <see cref="RecentActivity.Window"/>.</param>
/// <param name="Logs">Live logs seen in the same window (counted while any client was connected).</param>
/// <param name="ActiveSources">Distinct sources that logged in the last <see cref="RecentActivity.SourceWindow"/>.</param>
public readonly record struct RecentActivitySnapshot(int Anomalies, long Logs, int ActiveSources)
{
    public double AnomalyRate => Logs == 0 ? 0 : (double)Anomalies / Logs;
}

/// <summary>
/// Sliding counts of anomalies, logs and sources seen by this replica. A window, not a total: after a restart it fills again
/// within the hour, where a total kept in memory would silently start from zero.
/// </summary>
public sealed class RecentActivity(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    public static readonly TimeSpan SourceWindow = TimeSpan.FromMinutes(5);
    private const int MaxSources = 10_000;

    private readonly Lock _lock = new();
    private readonly Queue<DateTimeOffset> _anomalies = new();
    private readonly long[] _logsPerMinute = new long[60];
    private readonly long[] _bucketMinute = new long[60];
    private readonly Dictionary<string, DateTimeOffset> _sources = new(StringComparer.OrdinalIgnoreCase);

    public void AnomalySeen()
    {
        lock (_lock) _anomalies.Enqueue(time.GetUtcNow());
    }

    /// <summary>Called once per fan-out window; logs of one request are adjacent and share their source.</summary>
    public void LogsSeen(IReadOnlyList<LiveBatch> window)
    {
        var now = time.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        lock (_lock)
        {
            var bucket = (int)(minute % 60);
            if (_bucketMinute[bucket] != minute) (_bucketMinute[bucket], _logsPerMinute[bucket]) = (minute, 0);
            string? previous = null;
            foreach (var batch in window)
            {
                _logsPerMinute[bucket] += batch.Logs.Length;
                foreach (var log in batch.Logs)
                {
                    if (ReferenceEquals(log.Source, previous) || log.Source == previous) continue;
                    previous = log.Source;
                    if (_sources.Count < MaxSources || _sources.ContainsKey(log.Source)) _sources[log.Source] = now;
                }
            }
        }
    }

    public RecentActivitySnapshot Snapshot()
    {
        var now = time.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        lock (_lock)
        {
            while (_anomalies.TryPeek(out var at) && now - at > Window) _anomalies.Dequeue();
            long logs = 0;
            for (var i = 0; i < 60; i++)
            {
                if (minute - _bucketMinute[i] < 60) logs += _logsPerMinute[i];
            }
            foreach (var (source, at) in _sources)
            {
                if (now - at > SourceWindow) _sources.Remove(source);
            }
            return new RecentActivitySnapshot(_anomalies.Count, logs, _sources.Count);
        }
    }
}
