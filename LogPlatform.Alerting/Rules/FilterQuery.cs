using LogPlatform.Contracts;

namespace LogPlatform.Alerting.Rules;

/// <summary>A rule's filter is a query string (<c>application=shop&amp;min_level=error</c>): read as the logs API reads its query.</summary>
public static class FilterQuery
{
    public static bool TryParse(string query, out LogFilter filter, out LogFilterError? error)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            var name = Unescape(equals < 0 ? part : part[..equals]);
            var value = equals < 0 ? "" : Unescape(part[(equals + 1)..]);
            if (name.Length == 0)
            {
                filter = LogFilter.All;
                error = new LogFilterError("filter", $"'{part}' has no parameter name.");
                return false;
            }
            if (LogFilter.ReservedParameters.Contains(name) && name is not ("min_level" or "level" or "source" or "application" or "q" or "pattern"))
            {
                filter = LogFilter.All;
                error = new LogFilterError(name, $"'{name}' is not a filter (a rule's filter takes min_level, level, source, application, q, pattern and property names).");
                return false;
            }
            pairs.Add(new(name, value));
        }
        return LogFilter.TryParse(pairs, out filter, out error);
    }

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
