using LogPlatform.Contracts;

namespace Dashboard.Web.Search;

/// <summary>One page of search results and the cursor of the next (null on the last page).</summary>
public sealed record LogPage(IReadOnlyList<LogEvent> Items, string? NextCursor);
