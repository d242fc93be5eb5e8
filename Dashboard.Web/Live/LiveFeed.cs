using Dashboard.Web.Alerts;
using Dashboard.Web.Anomalies;
using Dashboard.Web.Gateway;
using LogPlatform.Contracts;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Live;

/// <summary>
/// What one browser session (Blazor circuit) knows from the live stream: the tail, the latest
/// stats, the chart series, alerts and the connection state. The stream client writes from its
/// receive loop; components read snapshots on the render thread; one lock serialises both.
/// <see cref="Version"/> moves on every change, so components re-render only when something
/// changed and at most at their own pace (see <see cref="RenderPacer"/>).
/// </summary>
public sealed class LiveFeed
{
    private readonly Lock _gate = new();
    private readonly TailBuffer _tail;
    private readonly ThroughputSeries _throughput;
    private readonly LinkedList<AlertEntry> _alerts = new();
    private readonly int _alertCapacity;
    private readonly RecentAnomalies _anomalies;
    private readonly TimeProvider _time;
    private long _version;
    private long _stateVersion;

    public LiveFeed(IOptions<DashboardOptions> options, TimeProvider time)
    {
        var o = options.Value;
        _tail = new TailBuffer(o.TailCapacity);
        _throughput = new ThroughputSeries(TimeSpan.FromSeconds(o.ChartWindowSeconds));
        _alertCapacity = o.AlertCapacity;
        _anomalies = new RecentAnomalies(o.AnomalyCapacity);
        _time = time;
    }

    public long Version => Interlocked.Read(ref _version);

    /// <summary>Moves when the connection state or its error changes (not with logs), for components that show only that.</summary>
    public long StateVersion => Interlocked.Read(ref _stateVersion);

    public ConnectionState State { get; private set; } = ConnectionState.Connecting;
    public DateTimeOffset? NextAttemptAt { get; private set; }
    public string? LastError { get; private set; }
    /// <summary>Failed connection attempts since the last successful one (reconnecting never stops).</summary>
    public int FailedAttempts { get; private set; }
    public LiveStats? Stats { get; private set; }
    /// <summary>Logs the gateway reported it could not deliver to this session (slow-consumer drops).</summary>
    public long Dropped { get; private set; }
    public long AlertsReceived { get; private set; }
    public TimeSpan ChartWindow => _throughput.Window;

    public void OnLogs(ReadOnlySpan<LogEvent> logs)
    {
        lock (_gate)
        {
            if (_tail.Add(logs) == 0) return;
        }
        Changed();
    }

    public void OnStats(LiveStats stats)
    {
        lock (_gate)
        {
            Stats = stats;
            _throughput.Add(stats);
        }
        Changed();
    }

    public void OnStatsHistory(IReadOnlyList<LiveStats> history)
    {
        if (history.Count == 0) return;
        lock (_gate)
        {
            _throughput.Backfill(history);
            // The newest history point fills the cards until the first live update arrives.
            Stats ??= history.MaxBy(s => s.Timestamp);
        }
        Changed();
    }

    public void OnAlert(AlertEntry alert)
    {
        lock (_gate)
        {
            _alerts.AddFirst(alert);
            if (_alerts.Count > _alertCapacity) _alerts.RemoveLast();
            AlertsReceived++;
        }
        Changed();
    }

    /// <summary>Alerts raised before this session connected (newest first): added behind the live ones, each once.</summary>
    public void OnAlertHistory(IReadOnlyList<AlertEntry> history)
    {
        if (history.Count == 0) return;
        lock (_gate)
        {
            foreach (var alert in history)
            {
                if (_alerts.Count >= _alertCapacity) break;
                if (!_alerts.Any(a => a.Json == alert.Json)) _alerts.AddLast(alert);
            }
        }
        Changed();
    }

    /// <summary>
    /// Raised (outside the lock, on the stream's receive loop) for each live anomaly not seen before, for components
    /// that react to one arrival rather than to the list: the toast.
    /// </summary>
    public event Action<ReceivedAnomaly>? AnomalyArrived;

    public long AnomaliesReceived
    {
        get { lock (_gate) return _anomalies.LiveReceived; }
    }

    public void OnAnomaly(Anomaly anomaly)
    {
        ReceivedAnomaly? received;
        lock (_gate) received = _anomalies.AddLive(anomaly, _time.GetUtcNow());
        if (received is null) return;
        Changed();
        AnomalyArrived?.Invoke(received);
    }

    /// <summary>Anomalies stored before this session connected (or that a page loaded): merged behind the live ones, each once.</summary>
    public void OnAnomalyHistory(IReadOnlyList<Anomaly> history)
    {
        if (history.Count == 0) return;
        int added;
        lock (_gate) added = _anomalies.AddHistory(history, _time.GetUtcNow());
        if (added > 0) Changed();
    }

    /// <summary>Newest first.</summary>
    public ReceivedAnomaly[] Anomalies()
    {
        lock (_gate) return _anomalies.Snapshot();
    }

    public void OnDropped(long count)
    {
        lock (_gate) Dropped += count;
        Changed();
    }

    public void OnError(string message)
    {
        lock (_gate) LastError = message;
        Interlocked.Increment(ref _stateVersion);
        Changed();
    }

    public void SetState(ConnectionState state, DateTimeOffset? nextAttemptAt = null, string? error = null)
    {
        lock (_gate)
        {
            State = state;
            NextAttemptAt = nextAttemptAt;
            if (state == ConnectionState.Live)
            {
                LastError = null;
                FailedAttempts = 0;
            }
            else if (error is not null)
            {
                LastError = error;
                FailedAttempts++;
            }
        }
        Interlocked.Increment(ref _stateVersion);
        Changed();
    }

    public void Pause()
    {
        lock (_gate) _tail.Pause();
        Changed();
    }

    public void Resume()
    {
        lock (_gate) _tail.Resume();
        Changed();
    }

    /// <summary>The filter changed: what the tail holds no longer matches it.</summary>
    public void ClearTail()
    {
        lock (_gate)
        {
            _tail.Clear();
            Dropped = 0;
        }
        Changed();
    }

    public TailView Tail()
    {
        lock (_gate)
        {
            return new TailView(_tail.Snapshot(), _tail.IsPaused, _tail.ArrivedWhilePaused, _tail.TotalReceived, _tail.Capacity, _tail.CountsByLevel());
        }
    }

    /// <summary>The id to resume from after a reconnect (0: nothing seen yet).</summary>
    public long LastLogId
    {
        get { lock (_gate) return _tail.LastId; }
    }

    public ThroughputPoint[] Throughput()
    {
        lock (_gate) return _throughput.Snapshot();
    }

    public AlertEntry[] Alerts()
    {
        lock (_gate) return [.. _alerts];
    }

    public DateTimeOffset Now => _time.GetUtcNow();

    private void Changed() => Interlocked.Increment(ref _version);
}

/// <summary>A consistent copy of the tail for one render.</summary>
/// <param name="ByLevel">Logs received by this view since it (re)started, by level (index: <see cref="LogSeverity"/>).</param>
public sealed record TailView(LogEvent[] Logs, bool IsPaused, long ArrivedWhilePaused, long TotalReceived, int Capacity, long[] ByLevel);
