using LogPlatform.Contracts;

namespace LogPlatform.Storage.Queries;

/// <summary>A search of the history: a filter, a time range and a page.</summary>
public sealed record LogSearch(LogFilter Filter, DateTimeOffset? From, DateTimeOffset? To, int Limit, LogCursor? After, bool IncludeTotal);

/// <summary>One page, newest first, with the cursor of the next page (null on the last).</summary>
public sealed record LogPage(IReadOnlyList<LogEvent> Items, string? NextCursor, long? Total);

/// <summary>What a stream resumed after an id gets: the newest logs after it (ascending), and how many older ones were skipped.</summary>
public sealed record ResumedLogs(List<LogEvent> Logs, long Skipped);
