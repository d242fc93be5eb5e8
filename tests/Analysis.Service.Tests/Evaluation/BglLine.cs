using System.Globalization;
using Analysis.Service.Tests.Loghub;
using LogPlatform.Contracts;
using LogPlatform.Testing;

namespace Analysis.Service.Tests.Evaluation;

/// <summary>A line of loghub's BGL_2k with its alert label (<c>-</c> for normal, else an alert category).</summary>
public sealed record BglLine(bool IsAlert, DateTimeOffset Timestamp, string Node, LogSeverity Level, string Content)
{
    public static IReadOnlyList<BglLine> Load()
    {
        var rows = LoghubCsv.Read(File.ReadAllText(Path.Combine(LoghubLines.DataDirectory, "BGL_2k.log_structured.csv")));
        var header = rows[0];
        int label = header.IndexOf("Label"), timestamp = header.IndexOf("Timestamp"), node = header.IndexOf("Node"),
            level = header.IndexOf("Level"), content = header.IndexOf("Content");
        return rows.Skip(1)
            .Where(r => r.Count == header.Count)
            .Select(r => new BglLine(
                r[label] != "-",
                DateTimeOffset.FromUnixTimeSeconds(long.Parse(r[timestamp], CultureInfo.InvariantCulture)),
                r[node],
                // The level as the platform reads it (SEVERE is error, WARNING warn).
                LogSeverityNames.TryParse(r[level], out var parsed) ? parsed : LogSeverity.Info,
                r[content]))
            .ToList();
    }
}
