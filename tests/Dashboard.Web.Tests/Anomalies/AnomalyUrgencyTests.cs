using Dashboard.Web.Anomalies;
using LogPlatform.Contracts;

namespace Dashboard.Web.Tests.Anomalies;

public class AnomalyUrgencyTests
{
    [Theory]
    [InlineData("critical", 0.8, true)]
    [InlineData("CRITICAL", 0.3, true)]
    [InlineData("high", 0.5, true)]
    [InlineData("warning", 0.9, true)]
    [InlineData("warning", 0.89, false)]
    [InlineData("info", 0.4, false)]
    public void Critical_high_or_a_score_of_0_9_is_urgent(string severity, double score, bool urgent)
        => Assert.Equal(urgent, AnomalyUrgency.IsUrgent(new Anomaly { Id = "a", Kind = AnomalyKinds.Silence, Severity = severity, Score = score }));
}
