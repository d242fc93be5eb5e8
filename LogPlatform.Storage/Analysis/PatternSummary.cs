namespace LogPlatform.Storage.Analysis;

/// <summary>A pattern with its logs in a window: how many, and how many in each minute (oldest first, for a sparkline).</summary>
/// <param name="WindowCount">Logs of the pattern (at the level asked or above) in the window.</param>
/// <param name="Minutes">One count per minute of the window, oldest first.</param>
public sealed record PatternSummary(PatternRow Pattern, long WindowCount, long[] Minutes, IReadOnlyDictionary<short, long> WindowCountsByLevel);
