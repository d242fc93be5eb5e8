using Dashboard.Web.Anomalies;
using LogPlatform.Contracts;

namespace Dashboard.Web.Tests.Anomalies;

public class AnomalyPlotTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 5, 0, 0, TimeSpan.Zero);

    internal static Anomaly At(string id, DateTimeOffset detectedAt, double score = 0.7, string severity = "warning", string application = "shop")
        => new() { Id = id, Kind = AnomalyKinds.RateChange, Score = score, Severity = severity, Application = application, DetectedAt = detectedAt,
                   WindowStart = detectedAt.AddMinutes(-1), WindowEnd = detectedAt, Reasons = ["rate x4"] };

    [Fact]
    public void Marks_sit_at_their_detection_time_and_only_inside_the_window()
    {
        var marks = AnomalyPlot.Marks([At("in", Now.AddSeconds(-60)), At("old", Now.AddMinutes(-10)), At("edge", Now)],
            Now.AddMinutes(-2), Now, width: 720);

        Assert.Equal(["in", "edge"], marks.Select(m => m.Id));
        Assert.Equal([360d, 720d], marks.Select(m => m.X));
        Assert.Equal("rate_change 0.70", marks[0].Title);
        Assert.Equal("warning", marks[0].Severity);
    }

    [Fact]
    public void Scores_span_from_the_earliest_anomaly_to_now_with_one_at_the_top()
    {
        var (points, from, to) = AnomalyPlot.Scores([At("a", Now.AddMinutes(-20), score: 1), At("b", Now.AddMinutes(-10), score: 0.25)], Now, 400, 100);

        Assert.Equal((Now.AddMinutes(-20), Now), (from, to));
        Assert.Equal([(0d, 0d), (200d, 75d)], points.Select(p => (p.X, p.Y)));
    }

    [Fact]
    public void Scores_of_a_few_recent_anomalies_span_at_least_five_minutes()
    {
        var (points, from, _) = AnomalyPlot.Scores([At("a", Now.AddSeconds(-1), score: 2)], Now, 300, 100);

        Assert.Equal(Now - AnomalyPlot.MinimumSpan, from);
        Assert.Equal(0, Assert.Single(points).Y); // clamped to 1
    }

    [Fact]
    public void A_severity_becomes_a_safe_css_class()
        => Assert.Equal("criticalx", AnomalyPlot.SeverityClass(At("a", Now, severity: "Critical\" x")));
}
