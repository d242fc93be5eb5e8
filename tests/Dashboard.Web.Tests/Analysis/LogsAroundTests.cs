using Dashboard.Web.Analysis;
using LogPlatform.Contracts;

namespace Dashboard.Web.Tests.Analysis;

public class LogsAroundTests
{
    [Fact]
    public void A_pattern_links_to_search_filtered_by_its_id()
        => Assert.Equal("search?pattern=00ff00ff00ff00ff", LogsAround.Pattern("00ff00ff00ff00ff"));

    [Fact]
    public void An_anomaly_links_to_its_window_widened_by_a_minute_each_side_and_its_application()
    {
        var anomaly = new Anomaly
        {
            Id = "a", Kind = AnomalyKinds.ErrorBurst, Severity = "critical", Application = "shop & co",
            WindowStart = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.FromHours(1)),
            WindowEnd = new DateTimeOffset(2026, 12, 2, 10, 5, 0, TimeSpan.FromHours(1)),
        };
        Assert.Equal("search?from=2026-12-02T08%3A59%3A00Z&to=2026-12-02T09%3A06%3A00Z&application=shop%20%26%20co", LogsAround.Anomaly(anomaly));
    }

    [Fact]
    public void A_log_links_to_a_minute_either_side_in_its_application_and_a_property_to_its_scope_page()
    {
        var log = new LogEvent { Application = "shop", Timestamp = new DateTimeOffset(2026, 12, 3, 8, 30, 15, TimeSpan.FromHours(1)) };
        Assert.Equal("search?from=2026-12-03T07%3A29%3A15Z&to=2026-12-03T07%3A31%3A15Z&application=shop", LogsAround.Log(log));
        Assert.Equal("scope?job_run_id=run%2042%26x", LogsAround.Scope("job_run_id", "run 42&x"));
    }
}
