using LogPlatform.Contracts;

namespace Dashboard.Web.Live;

/// <summary>One point of the throughput chart.</summary>
public readonly record struct ThroughputPoint(DateTimeOffset At, double StoredPerSecond, double IngestPerSecond);

/// <summary>
/// The throughput chart's data: stats updates turned into points, ordered by time, limited to a
/// sliding window. Backfill (history from the gateway) and live updates may overlap; a point per
/// timestamp is kept. Not thread-safe: <see cref="LiveFeed"/> serialises access.
/// </summary>
public sealed class ThroughputSeries(TimeSpan window)
{
    private readonly List<ThroughputPoint> _points = [];

    public TimeSpan Window { get; } = window;
    public int Count => _points.Count;
    public DateTimeOffset? Latest => _points.Count == 0 ? null : _points[^1].At;

    public void Add(LiveStats stats) => Add(ToPoint(stats));

    public void Add(ThroughputPoint point)
    {
        if (_points.Count == 0 || point.At > _points[^1].At)
        {
            _points.Add(point); // the usual case: the next update, in order
        }
        else
        {
            var index = _points.BinarySearch(point, ByTime.Instance);
            if (index >= 0) return; // already have this timestamp
            _points.Insert(~index, point);
        }
        Trim();
    }

    /// <summary>Merges history (any order, any overlap with live points).</summary>
    public void Backfill(IEnumerable<LiveStats> history)
    {
        foreach (var stats in history) Add(ToPoint(stats));
    }

    public ThroughputPoint[] Snapshot() => _points.ToArray();

    public static ThroughputPoint ToPoint(LiveStats stats)
        => new(stats.Timestamp, Math.Max(0, stats.MessagesPerSecond), Math.Max(0, stats.IngestPerSecond));

    private void Trim()
    {
        var cutoff = _points[^1].At - Window;
        var stale = 0;
        while (stale < _points.Count && _points[stale].At < cutoff) stale++;
        if (stale > 0) _points.RemoveRange(0, stale);
    }

    private sealed class ByTime : IComparer<ThroughputPoint>
    {
        public static readonly ByTime Instance = new();
        public int Compare(ThroughputPoint x, ThroughputPoint y) => x.At.CompareTo(y.At);
    }
}
