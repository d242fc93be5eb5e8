using LogPlatform.Contracts;

namespace LogPlatform.Storage.Analysis;

/// <summary>
/// What the analysis derived from the logs after <see cref="ExpectedLastLogId"/> up to <see cref="LastLogId"/>: written in
/// one transaction with the checkpoint, so that a restart resumes exactly where the stored figures end.
/// </summary>
/// <param name="Patterns">Patterns touched, each with the count to add.</param>
/// <param name="MinuteCounts">Per-minute counts to add.</param>
public sealed record AnalysisCommit(
    long ExpectedLastLogId, long LastLogId, IReadOnlyList<PatternRow> Patterns, IReadOnlyList<MinuteCount> MinuteCounts,
    IReadOnlyList<Anomaly> Anomalies);
