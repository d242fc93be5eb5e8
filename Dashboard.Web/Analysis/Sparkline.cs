using System.Globalization;
using System.Text;

namespace Dashboard.Web.Analysis;

/// <summary>SVG polyline points of a small per-minute chart: x spreads the minutes across the width, y scales to the busiest minute.</summary>
public static class Sparkline
{
    public static string Points(IReadOnlyList<long> counts, double width, double height)
    {
        if (counts.Count == 0) return "";
        var max = Math.Max(1, counts.Max());
        // One minute alone still draws a visible flat segment rather than a dot.
        var step = counts.Count > 1 ? width / (counts.Count - 1) : width;
        var line = new StringBuilder(counts.Count * 10);
        for (var i = 0; i < counts.Count; i++)
        {
            Append(line, i * step, height - (double)counts[i] / max * height);
            if (counts.Count == 1) Append(line, width, height - (double)counts[i] / max * height);
        }
        return line.ToString();
    }

    private static void Append(StringBuilder line, double x, double y)
    {
        if (line.Length > 0) line.Append(' ');
        line.Append(x.ToString("0.#", CultureInfo.InvariantCulture)).Append(',').Append(y.ToString("0.#", CultureInfo.InvariantCulture));
    }
}
