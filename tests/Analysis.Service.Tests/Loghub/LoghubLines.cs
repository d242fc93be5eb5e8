using LogPlatform.Testing;
using System.Text;

namespace Analysis.Service.Tests.Loghub;

/// <summary>One line of a loghub sample: its message (the Content column) and its ground-truth event.</summary>
public sealed record LoghubLine(string System, int LineId, string Content, string EventId);

/// <summary>
/// The loghub 2k samples with ground truth (kept in tests/Ingest.Api.Tests/TestData/loghub with LICENSE and CITATION,
/// copied to TestData/loghub): each line's Content and
/// EventId from <c>*_2k.log_structured.csv</c>. Also compiled into the pattern benchmarks.
/// </summary>
public static class LoghubLines
{
    public static readonly string[] Systems = ["HDFS", "BGL", "Apache", "Linux", "OpenSSH"];

    public static string DataDirectory => LoghubCsv.DataDirectory;

    public static IReadOnlyList<LoghubLine> Load(string system)
    {
        var rows = LoghubCsv.Read(File.ReadAllText(Path.Combine(DataDirectory, $"{system}_2k.log_structured.csv"), Encoding.UTF8));
        var header = rows[0];
        int lineId = header.IndexOf("LineId"), content = header.IndexOf("Content"), eventId = header.IndexOf("EventId");
        return rows.Skip(1)
            .Where(r => r.Count == header.Count)
            .Select(r => new LoghubLine(system, int.Parse(r[lineId], System.Globalization.CultureInfo.InvariantCulture), r[content], r[eventId]))
            .ToList();
    }
}
