using LogPlatform.Testing;
using System.Globalization;
using System.Text;
using Ingest.Api.Tests.Loghub;
using LogPlatform.Contracts;

namespace Ingest.Api.Tests.Formats;

/// <summary>
/// Every line of the raw loghub logs through the text parser, checked against loghub's structured CSV: Linux and OpenSSH
/// as syslog (RFC 3164 without PRI), Apache error, HDFS and BGL through custom formats configured as in appsettings
/// (TestData/loghub-formats.json).
/// </summary>
public sealed class LoghubTextFormatTests
{
    private static readonly Lazy<Ingest.Api.Formats.TextPayloadParser> Parser =
        new(() => TextHarness.CreateParser(TextHarness.Configuration("loghub-formats.json")));

    private static string RawLog(string system) => File.ReadAllText(Path.Combine(LoghubSamples.DataDirectory, $"{system}_2k.log"), Encoding.UTF8);

    private static List<Dictionary<string, string>> Rows(string system)
    {
        var rows = LoghubCsv.Read(File.ReadAllText(Path.Combine(LoghubSamples.DataDirectory, $"{system}_2k.log_structured.csv"), Encoding.UTF8));
        var header = rows[0];
        return rows.Skip(1).Select(r => header.Select((h, i) => (h, v: i < r.Count ? r[i] : "")).ToDictionary(p => p.h, p => p.v)).ToList();
    }

    private static (TextHarness.Result Result, List<Dictionary<string, string>> Rows) Run(string system, string format)
    {
        var result = TextHarness.Parse(RawLog(system), format, Parser.Value);
        var rows = Rows(system);
        Assert.True(result.Outcome.IsValid);
        Assert.Equal(2000, rows.Count);
        Assert.Equal(rows.Count, result.Logs.Length);
        return (result, rows);
    }

    private static DateTimeOffset SyslogTime(string month, string day, string time)
        => new DateTimeOffset(2024, DateTime.ParseExact(month, "MMM", CultureInfo.InvariantCulture).Month, int.Parse(day, CultureInfo.InvariantCulture), 0, 0, 0, TimeSpan.Zero)
           + TimeSpan.Parse(time, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("rfc3164")]
    [InlineData("syslog")]
    [InlineData("auto")]
    public void Linux_syslog_lines_give_time_host_tag_pid_and_message(string format)
    {
        var (result, rows) = Run("Linux", format);

        Assert.Equal(new Dictionary<string, int> { ["rfc3164"] = 2000 }, result.Formats);
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, log) = (rows[i], result.Logs[i]);
            Assert.Equal((row["LineId"], row["Content"]), (row["LineId"], log.Message));
            Assert.Equal(row["Level"], log.Source); // loghub's Linux "Level" column is the host
            Assert.Equal(row["Component"], log.Application);
            Assert.Equal(row["PID"] is "" ? null : row["PID"], log.Property("pid"));
            Assert.Equal(SyslogTime(row["Month"], row["Date"], row["Time"]), log.Timestamp); // year 2024: received in January 2025
            Assert.Equal(LogSeverity.Info, log.Level);
            Assert.Equal("rfc3164", log.Format());
        }
    }

    [Fact]
    public void OpenSSH_syslog_lines_give_time_host_tag_pid_and_message()
    {
        var (result, rows) = Run("OpenSSH", "rfc3164");

        Assert.Equal(new Dictionary<string, int> { ["rfc3164"] = 2000 }, result.Formats);
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, log) = (rows[i], result.Logs[i]);
            Assert.Equal((row["LineId"], row["Content"]), (row["LineId"], log.Message));
            Assert.Equal(row["Component"], log.Source); // loghub's OpenSSH "Component" column is the host
            Assert.Equal("sshd", log.Application);
            Assert.Equal(row["Pid"], log.Property("pid"));
            Assert.Equal(SyslogTime(row["Date"], row["Day"], row["Time"]), log.Timestamp);
        }
    }

    [Fact]
    public void Apache_error_log_through_a_configured_regex_format()
    {
        var (result, rows) = Run("Apache", "apache-error");

        Assert.Equal(new Dictionary<string, int> { ["apache-error"] = 2000 }, result.Formats);
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, log) = (rows[i], result.Logs[i]);
            Assert.Equal((row["LineId"], row["Content"]), (row["LineId"], log.Message));
            Assert.True(LogSeverityNames.TryParse(row["Level"], out var level), row["Level"]);
            Assert.Equal(level, log.Level);
            Assert.Equal(DateTimeOffset.ParseExact(row["Time"], "ddd MMM dd HH:mm:ss yyyy", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), log.Timestamp);
            Assert.Equal("default-source", log.Source);
            Assert.Equal("httpd", log.Application);
        }
    }

    [Fact]
    public void Hdfs_log4j_lines_through_a_configured_regex_format()
    {
        var (result, rows) = Run("HDFS", "hdfs");

        Assert.Equal(new Dictionary<string, int> { ["hdfs"] = 2000 }, result.Formats);
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, log) = (rows[i], result.Logs[i]);
            Assert.Equal((row["LineId"], row["Content"]), (row["LineId"], log.Message));
            Assert.True(LogSeverityNames.TryParse(row["Level"], out var level), row["Level"]);
            Assert.Equal(level, log.Level);
            Assert.Equal(row["Component"], log.Source);
            Assert.Equal(row["Pid"], log.Property("pid"));
            Assert.Equal(DateTimeOffset.ParseExact(row["Date"] + row["Time"].PadLeft(6, '0'), "yyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                log.Timestamp);
        }
    }

    [Fact]
    public void Bgl_lines_through_a_configured_regex_format()
    {
        var (result, rows) = Run("BGL", "bgl");

        Assert.Equal(new Dictionary<string, int> { ["bgl"] = 2000 }, result.Formats);
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, log) = (rows[i], result.Logs[i]);
            Assert.Equal((row["LineId"], row["Content"]), (row["LineId"], log.Message));
            Assert.True(LogSeverityNames.TryParse(row["Level"], out var level), row["Level"]);
            Assert.Equal(level, log.Level);
            Assert.Equal(row["Node"], log.Source);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(long.Parse(row["Timestamp"], CultureInfo.InvariantCulture)), log.Timestamp);
            Assert.Equal(row["Component"], log.Property("component"));
            Assert.Equal(row["Label"], log.Property("label"));
        }
    }
}
