using LogPlatform.Testing;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ingest.Api.Tests.Loghub;

/// <summary>One real loghub line turned into what an application would send, with what ingest must make of it.</summary>
public sealed record LoghubLog(string System, int LineId, string Json, string Message, string Level, string Source, DateTimeOffset? Timestamp);

/// <summary>
/// Real log lines from loghub (TestData/loghub, see LICENSE and CITATION there) turned into JSON logs the way
/// applications send them: each system uses a different timestamp form (ISO 8601, Unix seconds, "yyyy-MM-dd HH:mm:ss").
/// Also compiled into the ingest benchmarks.
/// </summary>
public static class LoghubSamples
{
    public static readonly string[] Systems = ["Apache", "BGL", "HDFS", "Linux", "OpenSSH"];

    public static string DataDirectory => LoghubCsv.DataDirectory;

    public static IReadOnlyList<LoghubLog> Load(string system)
    {
        var path = Path.Combine(DataDirectory, $"{system}_2k.log_structured.csv");
        var rows = LoghubCsv.Read(File.ReadAllText(path, Encoding.UTF8));
        var header = rows[0];
        var logs = new List<LoghubLog>(rows.Count - 1);
        foreach (var row in rows.Skip(1))
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count && i < row.Count; i++) fields[header[i]] = row[i];
            logs.Add(ToLog(system, fields));
        }
        return logs;
    }

    public static IReadOnlyList<LoghubLog> LoadAll() => Systems.SelectMany(Load).ToList();

    /// <summary>A JSON array of the given logs.</summary>
    public static byte[] ToJsonArray(IEnumerable<LoghubLog> logs) => Encoding.UTF8.GetBytes("[" + string.Join(",", logs.Select(l => l.Json)) + "]");

    public static byte[] ToNdJson(IEnumerable<LoghubLog> logs) => Encoding.UTF8.GetBytes(string.Join("\n", logs.Select(l => l.Json)) + "\n");

    private static LoghubLog ToLog(string system, Dictionary<string, string> f)
    {
        var lineId = int.Parse(f["LineId"], CultureInfo.InvariantCulture);
        var message = f["Content"];
        var buffer = new ArrayBufferWriter<byte>();
        DateTimeOffset? timestamp = null;
        string level, source;
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            switch (system)
            {
                case "Apache": // "Sun Dec 04 04:47:44 2005" -> ISO 8601 with Z
                    timestamp = DateTimeOffset.ParseExact(f["Time"], "ddd MMM dd HH:mm:ss yyyy", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                    json.WriteString("timestamp", timestamp.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                    level = f["Level"];
                    source = "httpd";
                    break;
                case "BGL": // Unix seconds as a number; levels INFO/FATAL/SEVERE/WARNING/ERROR
                    timestamp = DateTimeOffset.FromUnixTimeSeconds(long.Parse(f["Timestamp"], CultureInfo.InvariantCulture));
                    json.WriteNumber("timestamp", long.Parse(f["Timestamp"], CultureInfo.InvariantCulture));
                    level = f["Level"];
                    source = f["Node"];
                    json.WriteString("component", f["Component"]);
                    break;
                case "HDFS": // 081109 203615 -> ISO 8601 with an offset
                    timestamp = DateTimeOffset.ParseExact(f["Date"] + f["Time"].PadLeft(6, '0'), "yyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                    json.WriteString("timestamp", timestamp.Value.ToOffset(TimeSpan.FromHours(-8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
                    level = f["Level"];
                    source = f["Component"];
                    json.WriteNumber("pid", int.Parse(f["Pid"], CultureInfo.InvariantCulture));
                    break;
                default: // Linux, OpenSSH: syslog without year -> "2024-Mon-dd HH:mm:ss" as "yyyy-MM-dd HH:mm:ss", no level sent
                    var month = DateTime.ParseExact(f.GetValueOrDefault("Month") ?? f["Date"], "MMM", CultureInfo.InvariantCulture).Month;
                    var day = int.Parse(f.ContainsKey("Month") ? f["Date"] : f["Day"], CultureInfo.InvariantCulture);
                    var time = TimeSpan.Parse(f["Time"], CultureInfo.InvariantCulture);
                    timestamp = new DateTimeOffset(2024, month, day, 0, 0, 0, TimeSpan.Zero) + time;
                    json.WriteString("time", timestamp.Value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                    level = "info";
                    source = f["Component"];
                    break;
            }
            if (system is not ("Linux" or "OpenSSH")) json.WriteString("level", level);
            json.WriteString("message", message);
            json.WriteString("source", source);
            json.WriteString("application", system.ToLowerInvariant());
            json.WriteStartObject("properties");
            json.WriteNumber("line", lineId);
            json.WriteString("event_id", f["EventId"]);
            json.WriteString("template", f["EventTemplate"]);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return new LoghubLog(system, lineId, Encoding.UTF8.GetString(buffer.WrittenSpan), message, level, source, timestamp);
    }
}
