using LogPlatform.Contracts;

namespace Dashboard.Web.Anomalies;

/// <summary>
/// The anomalies a session saw, newest first, each id once (a live message and the stored row are the same anomaly),
/// bounded so a noisy detector cannot grow a session without limit. Not thread-safe: <see cref="Live.LiveFeed"/> locks.
/// </summary>
public sealed class RecentAnomalies(int capacity)
{
    private readonly List<ReceivedAnomaly> _items = [];
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private long _sequence;

    public int Capacity => capacity;

    /// <summary>Live anomalies received (history not counted).</summary>
    public long LiveReceived { get; private set; }

    /// <summary>A live anomaly: goes to the top. Null when its id is already held (a replayed or duplicated message).</summary>
    public ReceivedAnomaly? AddLive(Anomaly anomaly, DateTimeOffset now)
    {
        if (!_ids.Add(anomaly.Id)) return null;
        var received = new ReceivedAnomaly(anomaly, ++_sequence, now, IsLive: true);
        _items.Insert(0, received);
        LiveReceived++;
        Trim();
        return received;
    }

    /// <summary>Anomalies stored before the session connected: merged by detection time, each id once.</summary>
    public int AddHistory(IEnumerable<Anomaly> history, DateTimeOffset now)
    {
        var added = 0;
        foreach (var anomaly in history)
        {
            if (!_ids.Add(anomaly.Id)) continue;
            _items.Add(new ReceivedAnomaly(anomaly, ++_sequence, now, IsLive: false));
            added++;
        }
        if (added == 0) return 0;
        // Stable: a live anomaly and a stored one detected at the same instant keep their arrival order.
        var sorted = _items.OrderByDescending(a => a.Anomaly.DetectedAt).ToList();
        _items.Clear();
        _items.AddRange(sorted);
        Trim();
        return added;
    }

    public ReceivedAnomaly[] Snapshot() => [.. _items];

    private void Trim()
    {
        while (_items.Count > capacity)
        {
            _ids.Remove(_items[^1].Anomaly.Id);
            _items.RemoveAt(_items.Count - 1);
        }
    }
}
