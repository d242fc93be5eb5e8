using LogPlatform.Contracts;

namespace Analysis.Service.Tests.Evaluation;

/// <summary>
/// Whether a log belongs to an anomaly: stamped within its window, and of what the anomaly is about: its pattern (new
/// pattern, a pattern's rate), its application's errors (an application's error rate), or its source's errors (a
/// burst). A silence is about logs that did not come, so no log belongs to one.
/// </summary>
public static class AnomalyMembership
{
    public static bool Contains(Anomaly anomaly, string application, string? source, LogSeverity level, string patternId, DateTimeOffset at)
    {
        if (anomaly.Kind == AnomalyKinds.Silence) return false;
        if (at < anomaly.WindowStart || at >= anomaly.WindowEnd || anomaly.Application != application) return false;
        return anomaly.Kind switch
        {
            AnomalyKinds.ErrorBurst => level >= LogSeverity.Error && (anomaly.Source ?? "") == (source ?? ""),
            AnomalyKinds.RateChange when anomaly.PatternId is null => level >= LogSeverity.Error,
            _ => anomaly.PatternId == patternId,
        };
    }
}
