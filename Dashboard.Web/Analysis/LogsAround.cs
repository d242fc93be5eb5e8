using System.Globalization;
using LogPlatform.Contracts;

namespace Dashboard.Web.Analysis;

/// <summary>Links from the analysis pages into the Search page, which reads <c>pattern</c>, <c>from</c> and <c>to</c> from its query string.</summary>
public static class LogsAround
{
    /// <summary>Margin either side of an anomaly's window, so the logs that led up to it show too.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);

    public static string Pattern(string patternId) => "search?pattern=" + Uri.EscapeDataString(patternId);

    public static string Anomaly(Anomaly anomaly)
    {
        var link = "search?from=" + Uri.EscapeDataString(Format(anomaly.WindowStart - Margin))
                   + "&to=" + Uri.EscapeDataString(Format(anomaly.WindowEnd + Margin));
        if (!string.IsNullOrEmpty(anomaly.Application)) link += "&application=" + Uri.EscapeDataString(anomaly.Application);
        return link;
    }

    /// <summary>The Search page on the logs of the same application within <see cref="Margin"/> of this one.</summary>
    public static string Log(LogEvent log)
    {
        var link = "search?from=" + Uri.EscapeDataString(Format(log.Timestamp - Margin))
                   + "&to=" + Uri.EscapeDataString(Format(log.Timestamp + Margin));
        if (!string.IsNullOrEmpty(log.Application)) link += "&application=" + Uri.EscapeDataString(log.Application);
        return link;
    }

    /// <summary>The scope page of one property's value (every log of a job run, a request...).</summary>
    public static string Scope(string property, string value)
        => "scope?" + Uri.EscapeDataString(property) + "=" + Uri.EscapeDataString(value);

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
