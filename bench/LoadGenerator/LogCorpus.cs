using System.Text;
using System.Text.Json;
using LogPlatform.Contracts;

namespace LoadGenerator;

/// <summary>One real log line, with its JSON fields already encoded (everything of the object but the per-request parts).</summary>
public sealed record CorpusLine(string Level, string Source, string Application, string Message, byte[] JsonFields)
{
    /// <summary>The level as the <c>logs.level</c> column stores it (for the COPY ceiling).</summary>
    public short Severity { get; } = (short)(LogSeverityNames.TryParse(Level, out var severity) ? severity : LogSeverity.Info);
}

/// <summary>
/// Real lines from the loghub samples (Apache, BGL, HDFS, Linux, OpenSSH: <c>*_structured.csv</c>), interleaved so a
/// batch mixes applications, sources and levels. Datasets without a level column get one from the message's wording.
/// </summary>
public sealed class LogCorpus
{
    public IReadOnlyList<CorpusLine> Lines { get; }

    private LogCorpus(IReadOnlyList<CorpusLine> lines) => Lines = lines;

    public static LogCorpus Load(string folder)
    {
        var perDataset = new List<List<CorpusLine>>();
        foreach (var file in Directory.EnumerateFiles(folder, "*_structured.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var application = Path.GetFileName(Path.GetDirectoryName(file)!).ToLowerInvariant();
            perDataset.Add(ReadDataset(file, application));
        }
        if (perDataset.Count == 0) throw new InvalidOperationException($"No loghub *_structured.csv under {folder} (set --corpus).");

        var lines = new List<CorpusLine>();
        for (var i = 0; i < perDataset.Max(d => d.Count); i++)
        {
            foreach (var dataset in perDataset)
            {
                if (i < dataset.Count) lines.Add(dataset[i]);
            }
        }
        return new LogCorpus(lines);
    }

    private static List<CorpusLine> ReadDataset(string file, string application)
    {
        var rows = File.ReadLines(file).Select(ParseCsvLine).ToList();
        var header = rows[0];
        int Column(string name) => header.IndexOf(name);
        int level = Column("Level"), component = Column("Component"), content = Column("Content");
        var lines = new List<CorpusLine>(rows.Count - 1);
        foreach (var row in rows.Skip(1))
        {
            if (content < 0 || content >= row.Count || string.IsNullOrWhiteSpace(row[content])) continue;
            var message = row[content];
            var source = component >= 0 && component < row.Count && row[component].Length > 0 ? row[component] : application;
            var severity = NormaliseLevel(level >= 0 && level < row.Count ? row[level] : "", message);
            lines.Add(new CorpusLine(severity, source, application, message, EncodeFields(severity, source, application, message)));
        }
        return lines;
    }

    /// <summary>The dataset's own level when it is one; otherwise (Linux's column is a host name, OpenSSH has none) from the wording.</summary>
    private static string NormaliseLevel(string raw, string message) => raw.ToLowerInvariant() switch
    {
        "trace" => "trace",
        "debug" => "debug",
        "info" or "notice" => "info",
        "warn" or "warning" => "warn",
        "error" or "severe" => "error",
        "fatal" or "failure" or "critical" => "fatal",
        _ when message.Contains("error", StringComparison.OrdinalIgnoreCase) || message.Contains("fail", StringComparison.OrdinalIgnoreCase) => "error",
        _ when message.Contains("invalid", StringComparison.OrdinalIgnoreCase) || message.Contains("break-in", StringComparison.OrdinalIgnoreCase) => "warn",
        _ => "info",
    };

    private static byte[] EncodeFields(string level, string source, string application, string message)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("level", level);
            json.WriteString("source", source);
            json.WriteString("application", application);
            json.WriteString("message", message);
            json.WriteEndObject();
        }
        // Drop the closing brace: the body writer appends the timestamp and metadata.
        return stream.ToArray()[..^1];
    }

    /// <summary>RFC 4180 fields of one line (loghub's files have no line breaks inside fields).</summary>
    private static List<string> ParseCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
