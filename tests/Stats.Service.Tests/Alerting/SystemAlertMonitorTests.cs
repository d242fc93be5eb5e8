using LogPlatform.Contracts;
using Stats.Service.Alerting;

namespace Stats.Service.Tests.Alerting;

public class SystemAlertMonitorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private readonly SystemAlertMonitor _monitor = new(backlogThreshold: 1_000, quietPeriod: TimeSpan.FromSeconds(30));

    private static LiveStats Point(double seconds, long queueDepth = 0, long storeErrors = 0, long deadLettered = 0, long rejected = 0) => new()
    {
        TotalRejected = rejected,
        Timestamp = Start.AddSeconds(seconds),
        QueueDepth = queueDepth,
        StoreErrors = storeErrors,
        TotalDeadLettered = deadLettered,
    };

    [Fact]
    public void A_backlog_is_raised_once_when_it_crosses_the_threshold_and_resolved_below_half()
    {
        Assert.Empty(_monitor.Evaluate(Point(0, queueDepth: 10)));
        var raised = Assert.Single(_monitor.Evaluate(Point(0.5, queueDepth: 1_200)));
        Assert.Equal(("queue_backlog", "warning", 1_200L), (raised.Code, raised.Severity, raised.Value));
        Assert.Equal("system", raised.Kind);

        Assert.Empty(_monitor.Evaluate(Point(1, queueDepth: 5_000)));  // still the same condition
        Assert.Empty(_monitor.Evaluate(Point(1.5, queueDepth: 900)));  // below the threshold but not below half: no flapping
        var resolved = Assert.Single(_monitor.Evaluate(Point(2, queueDepth: 400)));
        Assert.Equal(("queue_backlog", "resolved"), (resolved.Code, resolved.Severity));
    }

    [Fact]
    public void Store_errors_raise_one_critical_alert_and_resolve_after_a_quiet_period()
    {
        Assert.Empty(_monitor.Evaluate(Point(0, storeErrors: 3)));  // errors before this monitor started are history
        var raised = Assert.Single(_monitor.Evaluate(Point(1, storeErrors: 5)));
        Assert.Equal(("store_errors", "critical", 2L), (raised.Code, raised.Severity, raised.Value));
        Assert.Empty(_monitor.Evaluate(Point(2, storeErrors: 9)));
        Assert.Empty(_monitor.Evaluate(Point(20, storeErrors: 9)));  // quiet for 18 s only
        var resolved = Assert.Single(_monitor.Evaluate(Point(32, storeErrors: 9)));
        Assert.Equal(("store_errors", "resolved"), (resolved.Code, resolved.Severity));
        Assert.Empty(_monitor.Evaluate(Point(40, storeErrors: 9)));
    }

    [Fact]
    public void Dead_letters_are_reported_with_the_count_since_the_last_alert_at_most_once_per_quiet_period()
    {
        Assert.Empty(_monitor.Evaluate(Point(0, deadLettered: 100)));
        var first = Assert.Single(_monitor.Evaluate(Point(1, deadLettered: 103)));
        Assert.Equal(("dead_letters", "warning", 3L), (first.Code, first.Severity, first.Value));
        Assert.Empty(_monitor.Evaluate(Point(5, deadLettered: 110)));  // within the quiet period: held back, not lost
        var second = Assert.Single(_monitor.Evaluate(Point(31, deadLettered: 111)));
        Assert.Equal(8, second.Value);
        Assert.Contains("8 entries", second.Message);
    }

    [Fact]
    public void Rejected_logs_are_reported_apart_from_dead_letters()
    {
        Assert.Empty(_monitor.Evaluate(Point(0)));
        var alerts = _monitor.Evaluate(Point(1, deadLettered: 1, rejected: 12)).ToList();
        Assert.Equal([("dead_letters", 1L), ("rejected_logs", 12L)], alerts.Select(a => (a.Code, a.Value)));
    }
}
