using System.Globalization;
using System.Text;

namespace Dashboard.Web.Live;

/// <summary>SVG coordinates of the throughput chart: two polylines over a time window, and a y-axis ceiling.</summary>
public sealed record ChartGeometry(string StoredLine, string IngestLine, double YMax, DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>
    /// Maps points into a <paramref name="width"/> x <paramref name="height"/> box: x is time over
    /// <paramref name="window"/> ending at <paramref name="end"/>, y is logs/s up to a rounded ceiling.
    /// </summary>
    public static ChartGeometry Build(IReadOnlyList<ThroughputPoint> points, DateTimeOffset end, TimeSpan window, double width, double height)
    {
        var from = end - window;
        var max = 0d;
        foreach (var p in points)
        {
            if (p.At < from) continue;
            max = Math.Max(max, Math.Max(p.StoredPerSecond, p.IngestPerSecond));
        }
        var yMax = NiceCeiling(max);
        var stored = new StringBuilder(points.Count * 14);
        var ingest = new StringBuilder(points.Count * 14);
        foreach (var p in points)
        {
            if (p.At < from || p.At > end) continue;
            var x = (p.At - from).TotalMilliseconds / window.TotalMilliseconds * width;
            AppendPoint(stored, x, height - p.StoredPerSecond / yMax * height);
            AppendPoint(ingest, x, height - p.IngestPerSecond / yMax * height);
        }
        return new ChartGeometry(stored.ToString(), ingest.ToString(), yMax, from, end);
    }

    /// <summary>The smallest 1, 2 or 5 x 10^k at or above <paramref name="value"/> (10 for an idle system), so axis labels read well.</summary>
    public static double NiceCeiling(double value)
    {
        if (value <= 10) return 10;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in (ReadOnlySpan<double>)[1, 2, 5, 10])
        {
            if (step * magnitude >= value) return step * magnitude;
        }
        return 10 * magnitude;
    }

    private static void AppendPoint(StringBuilder line, double x, double y)
    {
        if (line.Length > 0) line.Append(' ');
        line.Append(x.ToString("0.#", CultureInfo.InvariantCulture)).Append(',').Append(y.ToString("0.#", CultureInfo.InvariantCulture));
    }
}
