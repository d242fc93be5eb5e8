namespace LogPlatform.Storage.Analysis;

/// <summary>Where the analysis stopped, and the patterns to resume with (least recently seen first).</summary>
public sealed record AnalysisState(long LastLogId, IReadOnlyList<PatternRow> Patterns);
