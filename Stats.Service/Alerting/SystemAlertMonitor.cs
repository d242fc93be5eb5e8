using System.Globalization;
using LogPlatform.Contracts;

namespace Stats.Service.Alerting;

/// <summary>
/// Turns the stream of live figures into system alerts, once per change of condition rather than on every point:
/// a backlog over the threshold (resolved below half of it), storage failing (resolved after a quiet period), and
/// entries dead-lettered by the workers or logs rejected by ingest (at most one alert each per quiet period, with the
/// count since the last one).
/// Pure: time comes from the points themselves.
/// </summary>
public sealed class SystemAlertMonitor(long backlogThreshold, TimeSpan quietPeriod)
{
    private LiveStats? _previous;
    private bool _backlog;
    private DateTimeOffset? _lastStoreError;
    private readonly CounterRise _deadLettered = new("dead_letters", count => $"{count} entries could not be stored and moved to the dead-letter list (logs:deadletter) with their reason.");
    private readonly CounterRise _rejected = new("rejected_logs", count => $"{count} logs were rejected by ingest as invalid; they are kept in logs:deadletter with the reason.");

    public IEnumerable<SystemAlert> Evaluate(LiveStats stats)
    {
        var alerts = new List<SystemAlert>();
        var previous = _previous;
        _previous = stats;
        CheckBacklog(stats, alerts);
        if (previous is null)
        {
            // First point (or a restart): counters are history, not news.
            _deadLettered.Start(stats.TotalDeadLettered);
            _rejected.Start(stats.TotalRejected);
            return alerts;
        }

        if (stats.StoreErrors > previous.StoreErrors)
        {
            if (_lastStoreError is null)
            {
                alerts.Add(Alert("store_errors", "critical", stats.StoreErrors - previous.StoreErrors, stats.Timestamp,
                    "Storing logs is failing (PostgreSQL unreachable or refusing writes); the stream keeps them until it succeeds."));
            }
            _lastStoreError = stats.Timestamp;
        }
        else if (_lastStoreError is { } last && stats.Timestamp - last >= quietPeriod)
        {
            _lastStoreError = null;
            alerts.Add(Alert("store_errors", "resolved", stats.StoreErrors, stats.Timestamp, "Storing logs succeeds again."));
        }

        _deadLettered.Check(stats.TotalDeadLettered, stats.Timestamp, quietPeriod, alerts);
        _rejected.Check(stats.TotalRejected, stats.Timestamp, quietPeriod, alerts);
        return alerts;
    }

    private void CheckBacklog(LiveStats stats, List<SystemAlert> alerts)
    {
        if (!_backlog && stats.QueueDepth >= backlogThreshold)
        {
            _backlog = true;
            alerts.Add(Alert("queue_backlog", "warning", stats.QueueDepth, stats.Timestamp,
                $"{Count(stats.QueueDepth)} stream entries are waiting to be stored (threshold {Count(backlogThreshold)})."));
        }
        else if (_backlog && stats.QueueDepth < backlogThreshold / 2)
        {
            _backlog = false;
            alerts.Add(Alert("queue_backlog", "resolved", stats.QueueDepth, stats.Timestamp,
                $"The backlog is down to {Count(stats.QueueDepth)} stream entries."));
        }
    }

    private static SystemAlert Alert(string code, string severity, long value, DateTimeOffset at, string message)
        => new() { Code = code, Severity = severity, Value = value, Timestamp = at, Message = message };

    /// <summary>A counter whose rise is news: reported with the count since the last report, at most once per quiet period.</summary>
    private sealed class CounterRise(string code, Func<string, string> message)
    {
        private long _reported;
        private DateTimeOffset? _lastAlert;

        public void Start(long value) => _reported = value;

        public void Check(long value, DateTimeOffset now, TimeSpan quietPeriod, List<SystemAlert> alerts)
        {
            var rise = value - _reported;
            if (rise <= 0 || (_lastAlert is { } last && now - last < quietPeriod)) return;
            alerts.Add(Alert(code, "warning", rise, now, message(Count(rise))));
            _reported = value;
            _lastAlert = now;
        }
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
