using LogPlatform.Contracts;

namespace LogPlatform.Storage.Analysis;

/// <summary>
/// Which patterns to list. <see cref="From"/>/<see cref="To"/> and <see cref="Level"/> select patterns with logs in that
/// window at that level or above (from the per-minute counts); the counts and sparklines cover the same window.
/// </summary>
/// <param name="NewSince">Only patterns first seen at or after this time.</param>
public sealed record PatternSearch(
    string? Application, LogSeverity? Level, DateTimeOffset From, DateTimeOffset To, DateTimeOffset? NewSince, PatternSort Sort, int Limit);
