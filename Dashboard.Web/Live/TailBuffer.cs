using LogPlatform.Contracts;

namespace Dashboard.Web.Live;

/// <summary>
/// The live tail: the newest <see cref="Capacity"/> logs in a ring, newest first when read.
/// While paused the visible list stays frozen but arrivals are still kept and counted, so
/// resuming shows the latest logs at once. Duplicates (a replay after reconnect) are skipped.
/// Not thread-safe: <see cref="LiveFeed"/> serialises access.
/// </summary>
public sealed class TailBuffer
{
    private readonly LogEvent[] _ring;
    private readonly HashSet<long> _ids;
    private int _start;
    private int _count;
    private LogEvent[] _frozen = [];
    private readonly long[] _byLevel = new long[(int)LogSeverity.Fatal + 1];

    public TailBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new LogEvent[capacity];
        _ids = new HashSet<long>(capacity);
    }

    public int Capacity => _ring.Length;
    public int Count => _count;
    public bool IsPaused { get; private set; }

    /// <summary>Logs that arrived since the pause began (including ones that already fell off the ring).</summary>
    public long ArrivedWhilePaused { get; private set; }

    /// <summary>Every log added since the tail was (re)started.</summary>
    public long TotalReceived { get; private set; }

    /// <summary>The highest id seen, for asking the gateway for what was missed after a reconnect.</summary>
    public long LastId { get; private set; }

    /// <summary>Adds a batch in arrival order; returns how many were new.</summary>
    public int Add(ReadOnlySpan<LogEvent> batch)
    {
        var added = 0;
        foreach (var log in batch)
        {
            if (log.Id != 0 && !_ids.Add(log.Id)) continue;
            if (_count == _ring.Length)
            {
                var evicted = _ring[_start];
                if (evicted.Id != 0) _ids.Remove(evicted.Id);
                _ring[_start] = log;
                _start = (_start + 1) % _ring.Length;
            }
            else
            {
                _ring[(_start + _count) % _ring.Length] = log;
                _count++;
            }
            if (log.Id > LastId) LastId = log.Id;
            if ((int)log.Level < _byLevel.Length) _byLevel[(int)log.Level]++;
            added++;
        }
        TotalReceived += added;
        if (IsPaused) ArrivedWhilePaused += added;
        return added;
    }

    /// <summary>Logs received since the tail was (re)started, by level (index: <see cref="LogSeverity"/>), paused or not.</summary>
    public long[] CountsByLevel() => (long[])_byLevel.Clone();

    public void Pause()
    {
        if (IsPaused) return;
        _frozen = CopyRing();
        IsPaused = true;
        ArrivedWhilePaused = 0;
    }

    public void Resume()
    {
        IsPaused = false;
        ArrivedWhilePaused = 0;
        _frozen = [];
    }

    /// <summary>Empties the tail (the filter changed, so what it holds no longer matches).</summary>
    public void Clear()
    {
        Array.Clear(_ring);
        _ids.Clear();
        _start = 0;
        _count = 0;
        _frozen = IsPaused ? [] : _frozen;
        ArrivedWhilePaused = 0;
        TotalReceived = 0;
        LastId = 0;
        Array.Clear(_byLevel);
    }

    /// <summary>What the tail shows, newest first: the frozen list while paused, the ring otherwise.</summary>
    public LogEvent[] Snapshot() => IsPaused ? _frozen : CopyRing();

    private LogEvent[] CopyRing()
    {
        var items = new LogEvent[_count];
        for (var i = 0; i < _count; i++)
        {
            items[i] = _ring[(_start + _count - 1 - i) % _ring.Length];
        }
        return items;
    }
}
