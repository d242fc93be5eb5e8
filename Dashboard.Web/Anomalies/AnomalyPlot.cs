using System.Globalization;
using LogPlatform.Contracts;

namespace Dashboard.Web.Anomalies;

/// <summary>Where anomalies go on the dashboard's SVG charts: x is detection time over a window, y (when plotted) is the score.</summary>
public static class AnomalyPlot
{
    /// <summary>The score chart never spans less than this, so a handful of anomalies a second apart do not fill its width.</summary>
    public static readonly TimeSpan MinimumSpan = TimeSpan.FromMinutes(5);

    /// <summary>"error_burst 0.93": what a mark's tooltip says.</summary>
    public static string Title(Anomaly anomaly) => $"{anomaly.Kind} {anomaly.Score.ToString("0.00", CultureInfo.InvariantCulture)}";

    /// <summary>Marks along a time axis (<paramref name="from"/>..<paramref name="to"/> across <paramref name="width"/>); outside it, none.</summary>
    public static AnomalyPoint[] Marks(IEnumerable<Anomaly> anomalies, DateTimeOffset from, DateTimeOffset to, double width)
    {
        var span = (to - from).TotalMilliseconds;
        if (span <= 0) return [];
        return [.. anomalies
            .Where(a => a.DetectedAt >= from && a.DetectedAt <= to)
            .OrderBy(a => a.DetectedAt)
            .Select(a => new AnomalyPoint(a.Id, Round((a.DetectedAt - from).TotalMilliseconds / span * width), 0, SeverityClass(a), Title(a)))];
    }

    /// <summary>
    /// Scores over time in a <paramref name="width"/> x <paramref name="height"/> box: from the earliest anomaly (at least
    /// <see cref="MinimumSpan"/> back) to <paramref name="now"/>; score 1 at the top.
    /// </summary>
    public static (AnomalyPoint[] Points, DateTimeOffset From, DateTimeOffset To) Scores(IReadOnlyCollection<Anomaly> anomalies, DateTimeOffset now,
        double width, double height)
    {
        var to = anomalies.Count > 0 ? Max(now, anomalies.Max(a => a.DetectedAt)) : now;
        var from = anomalies.Count > 0 ? Min(to - MinimumSpan, anomalies.Min(a => a.DetectedAt)) : to - MinimumSpan;
        var marks = Marks(anomalies, from, to, width);
        var scores = anomalies.DistinctBy(a => a.Id, StringComparer.Ordinal).ToDictionary(a => a.Id, a => Math.Clamp(a.Score, 0, 1), StringComparer.Ordinal);
        return ([.. marks.Select(m => m with { Y = Round((1 - scores[m.Id]) * height) })], from, to);
    }

    /// <summary>The severity as a CSS class suffix (only letters, whatever a producer sent).</summary>
    public static string SeverityClass(Anomaly anomaly)
        => new([.. (anomaly.Severity ?? "").ToLowerInvariant().Where(char.IsAsciiLetterLower)]);

    private static double Round(double value) => Math.Round(value, 1);
    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
