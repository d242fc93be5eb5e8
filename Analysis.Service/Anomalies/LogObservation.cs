using LogPlatform.Contracts;

namespace Analysis.Service.Anomalies;

/// <summary>
/// One stored log as the detectors see it: the pattern the miner put it in and the fields they key on.
/// A struct passed by reference, so feeding the detectors allocates nothing.
/// </summary>
/// <param name="PatternId">The miner's pattern id (<see cref="Patterns.PatternId"/>).</param>
/// <param name="Template">The pattern's template at the time of the log.</param>
/// <param name="IsNewPattern">The miner created the pattern for this log.</param>
public readonly record struct LogObservation(
    ulong PatternId,
    string Template,
    string Application,
    string? Source,
    LogSeverity Level,
    DateTimeOffset Timestamp,
    long LogId,
    bool IsNewPattern);
