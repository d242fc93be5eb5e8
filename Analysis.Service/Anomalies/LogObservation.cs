using LogPlatform.Contracts;

namespace Analysis.Service.Anomalies;

/// <summary>
/// One stored log as the detectors see it, after the miner has grouped it: fed in id order, each log exactly once.
/// </summary>
/// <param name="PatternId">The pattern's id as the API shows it (sixteen hexadecimal digits).</param>
/// <param name="Template">The pattern's template at the time of the log (<c>&lt;*&gt;</c> for variables).</param>
/// <param name="NewPattern">True when this log created the pattern.</param>
public readonly record struct LogObservation(
    long LogId,
    DateTimeOffset Timestamp,
    LogSeverity Level,
    string Application,
    string Source,
    string PatternId,
    string Template,
    bool NewPattern);
