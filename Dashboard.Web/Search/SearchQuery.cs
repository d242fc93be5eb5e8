using System.Globalization;
using System.Text;
using Dashboard.Web.Gateway;

namespace Dashboard.Web.Search;

/// <summary>A search over stored logs: the live filters plus a time range and a page.</summary>
public sealed record SearchQuery
{
    public LiveFilter Filter { get; init; } = LiveFilter.None;
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    /// <summary>A mined pattern's id: only logs whose message fits its template (the Patterns page links here with it).</summary>
    public string? Pattern { get; init; }
    public int Limit { get; init; } = 50;
    /// <summary>The gateway's <c>next_cursor</c> from the previous page; null for the first page.</summary>
    public string? Cursor { get; init; }

    /// <summary>Query parameters of <c>/api/v1/logs</c> (and, without paging, of the export).</summary>
    public string ToQueryString(bool paging = true)
    {
        var query = Filter.AppendQuery(new StringBuilder());
        LiveFilter.Append(query, "pattern", Pattern);
        LiveFilter.Append(query, "from", From?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        LiveFilter.Append(query, "to", To?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        if (paging)
        {
            LiveFilter.Append(query, "limit", Limit.ToString(CultureInfo.InvariantCulture));
            LiveFilter.Append(query, "cursor", Cursor);
        }
        return query.ToString();
    }
}
