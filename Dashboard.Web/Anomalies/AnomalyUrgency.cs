using LogPlatform.Contracts;

namespace Dashboard.Web.Anomalies;

/// <summary>Which anomalies interrupt whatever page the user is on (a toast), rather than waiting on the Anomalies page.</summary>
public static class AnomalyUrgency
{
    /// <summary>A score this high is urgent whatever severity the detector gave it.</summary>
    public const double UrgentScore = 0.9;

    /// <summary>
    /// The analysis service writes <c>info</c>, <c>warning</c> or <c>critical</c> (critical from a score of 0.8); <c>high</c>
    /// is accepted too, for producers with a four-level scale.
    /// </summary>
    public static bool IsUrgent(Anomaly anomaly)
        => anomaly.Score >= UrgentScore
           || string.Equals(anomaly.Severity, "critical", StringComparison.OrdinalIgnoreCase)
           || string.Equals(anomaly.Severity, "high", StringComparison.OrdinalIgnoreCase);
}
