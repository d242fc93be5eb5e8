using Bunit;
using Dashboard.Web.Components.Shared;
using Dashboard.Web.Live;
using static Dashboard.Web.Tests.Anomalies.AnomalyPlotTests;

namespace Dashboard.Web.Tests.Components;

/// <summary>The anomaly marks on the throughput chart, the score chart and the toast, over a real session feed.</summary>
public class AnomalyComponentsTests : DashboardTestContext
{
    [Fact]
    public void The_throughput_chart_marks_anomalies_of_its_window_as_they_arrive_titled_with_kind_and_score()
    {
        var now = Time.GetUtcNow();
        ThroughputPoint[] points = [new(now.AddSeconds(-60), 10, 10), new(now, 20, 20)];
        var chart = Render<ThroughputChart>(p => p.Add(c => c.Points, points).Add(c => c.Window, TimeSpan.FromMinutes(2)).Add(c => c.End, now));
        Assert.Empty(chart.FindAll("[data-testid=anomaly-mark]"));

        Feed.OnAnomaly(At("a-1", now.AddSeconds(-60), score: 0.93, severity: "critical"));
        Feed.OnAnomaly(At("too-old", now.AddMinutes(-3)));
        Tick();

        var mark = chart.WaitForElement("[data-testid=anomaly-mark]");
        Assert.Single(chart.FindAll("[data-testid=anomaly-mark]"));
        Assert.Equal("a-1", mark.GetAttribute("data-id"));
        Assert.Equal("translate(360,0)", mark.GetAttribute("transform"));
        Assert.Equal("rate_change 0.93", mark.QuerySelector("title")!.TextContent);
        Assert.Contains("sev-critical", mark.ClassList);
    }

    [Fact]
    public void An_urgent_anomaly_raises_a_toast_that_links_to_the_anomalies_page_and_leaves_after_ten_seconds()
    {
        var toasts = Render<AnomalyToasts>();

        Feed.OnAnomaly(At("calm", Time.GetUtcNow(), score: 0.6, severity: "warning"));
        Feed.OnAnomaly(At("urgent", Time.GetUtcNow(), score: 0.85, severity: "critical"));
        Feed.OnAnomaly(At("high-score", Time.GetUtcNow(), score: 0.95, severity: "warning"));

        toasts.WaitForAssertion(() => Assert.Equal(["high-score", "urgent"],
            toasts.FindAll("[data-testid=anomaly-toast]").Select(t => t.GetAttribute("data-id"))));
        Assert.Equal("anomalies", toasts.Find("[data-testid=anomaly-toast-link]").GetAttribute("href"));
        Assert.Contains("rate x4", toasts.Find("[data-testid=anomaly-toast]").TextContent);

        Time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(2, toasts.FindAll("[data-testid=anomaly-toast]").Count);
        Time.Advance(TimeSpan.FromSeconds(1.5));
        toasts.WaitForAssertion(() => Assert.Empty(toasts.FindAll("[data-testid=anomaly-toast]")));
    }

    [Fact]
    public void A_toast_can_be_dismissed_and_history_raises_none()
    {
        var toasts = Render<AnomalyToasts>();
        Feed.OnAnomalyHistory([At("stored", Time.GetUtcNow(), score: 1, severity: "critical")]);
        Feed.OnAnomaly(At("live", Time.GetUtcNow(), score: 1, severity: "critical"));

        toasts.WaitForAssertion(() => Assert.Single(toasts.FindAll("[data-testid=anomaly-toast]")));
        toasts.Find("[data-testid=anomaly-toast-dismiss]").Click();

        Assert.Empty(toasts.FindAll("[data-testid=anomaly-toast]"));
    }

    [Fact]
    public void The_score_chart_puts_each_anomaly_at_its_score()
    {
        var now = Time.GetUtcNow();
        var chart = Render<AnomalyScoreChart>(p => p
            .Add(c => c.Anomalies, [At("a", now.AddMinutes(-10), score: 0.5), At("b", now, score: 1)])
            .Add(c => c.Now, now));

        var scores = chart.FindAll("[data-testid=anomaly-score]");
        Assert.Equal(["a", "b"], scores.Select(s => s.GetAttribute("data-id")));
        Assert.Equal(["60", "0"], scores.Select(s => s.GetAttribute("data-y")));
        Assert.Equal("rate_change 0.50", scores[0].QuerySelector("title")!.TextContent);
        Assert.Contains("2 shown", chart.Find("figcaption").TextContent);
    }
}
