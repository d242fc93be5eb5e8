using System.Text;

namespace LogPlatform.Testing;

/// <summary>Reads loghub's <c>*_structured.csv</c> files (compiled into the test and benchmark projects that use them).</summary>
public static class LoghubCsv
{
    /// <summary>
    /// The samples (kept once, in tests/Ingest.Api.Tests/TestData/loghub with their LICENSE and CITATION): copied beside
    /// the test assembly, else found in the source tree (the benchmarks run from theirs).
    /// </summary>
    public static string DataDirectory
    {
        get
        {
            var local = Path.Combine(AppContext.BaseDirectory, "TestData", "loghub");
            if (Directory.Exists(local)) return local;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "Ingest.Api.Tests", "TestData", "loghub");
                if (Directory.Exists(candidate)) return candidate;
            }
            throw new DirectoryNotFoundException("tests/Ingest.Api.Tests/TestData/loghub not found");
        }
    }

    /// <summary>RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines.</summary>
    public static List<List<string>> Read(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; break;
                case ',': row.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n':
                    row.Add(field.ToString()); field.Clear();
                    rows.Add(row); row = [];
                    break;
                default: field.Append(c); break;
            }
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(row); }
        return rows;
    }
}
