using LogPlatform.Contracts;

namespace Ingest.Api.Tests.Formats;

public sealed class SyslogFormatTests
{
    [Fact]
    public void Rfc5424_example_1_with_bom_maps_pri_host_app_and_msgid()
    {
        var log = TextHarness.Single("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed for lonvick on /dev/pts/8");

        Assert.Equal("rfc5424", log.Format());
        Assert.Equal(new DateTimeOffset(2003, 10, 11, 22, 14, 15, 3, TimeSpan.Zero), log.Timestamp);
        Assert.Equal(LogSeverity.Fatal, log.Level); // severity 2 (critical)
        Assert.Equal("auth", log.Property("facility"));
        Assert.Equal("crit", log.Property("severity"));
        Assert.Equal("mymachine.example.com", log.Source);
        Assert.Equal("su", log.Application);
        Assert.Equal("ID47", log.Property("msgid"));
        Assert.Null(log.Property("pid"));
        Assert.Equal("'su root' failed for lonvick on /dev/pts/8", log.Message);
    }

    [Fact]
    public void Rfc5424_example_2_with_offset_and_microseconds()
    {
        var log = TextHarness.Single("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.", "rfc5424");

        Assert.Equal(new DateTimeOffset(2003, 8, 24, 12, 14, 15, TimeSpan.Zero).AddTicks(30), log.Timestamp);
        Assert.Equal(LogSeverity.Info, log.Level); // notice
        Assert.Equal("local4", log.Property("facility"));
        Assert.Equal("8710", log.Property("pid"));
        Assert.Equal("myproc", log.Application);
        Assert.Equal("%% It's time to make the do-nuts.", log.Message);
    }

    [Fact]
    public void Rfc5424_structured_data_becomes_sd_properties()
    {
        var log = TextHarness.Single("""<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"][flag@1] An application event log entry...""", "syslog");

        Assert.Equal("3", log.Property("sd.exampleSDID@32473.iut"));
        Assert.Equal("Application", log.Property("sd.exampleSDID@32473.eventSource"));
        Assert.Equal("1011", log.Property("sd.exampleSDID@32473.eventID"));
        Assert.Equal("high", log.Property("sd.examplePriority@32473.class"));
        Assert.Equal("true", log.Property("sd.flag@1"));
        Assert.Equal("An application event log entry...", log.Message);
    }

    [Fact]
    public void Rfc5424_structured_data_values_unescape_quote_backslash_and_bracket()
    {
        var log = TextHarness.Single("""<14>1 - - - - - [x@1 a="say \"hi\" \\ \]"] msg""");

        Assert.Equal("say \"hi\" \\ ]", log.Property("sd.x@1.a"));
        Assert.Equal("msg", log.Message);
        Assert.Equal(TextHarness.ReceivedAt, log.Timestamp); // nil timestamp: the time of receipt
        Assert.Equal("default-source", log.Source);
        Assert.Equal("default-app", log.Application);
    }

    [Fact]
    public void Rfc5424_without_a_message_keeps_the_line_as_message()
    {
        const string line = """<165>1 2003-10-11T22:14:15.003Z host app - ID47 [exampleSDID@32473 iut="3"]""";
        var log = TextHarness.Single(line);

        Assert.Equal(line, log.Message);
        Assert.Equal("rfc5424", log.Format());
    }

    [Theory]
    [InlineData(0, LogSeverity.Fatal)]
    [InlineData(1, LogSeverity.Fatal)]
    [InlineData(2, LogSeverity.Fatal)]
    [InlineData(3, LogSeverity.Error)]
    [InlineData(4, LogSeverity.Warn)]
    [InlineData(5, LogSeverity.Info)]
    [InlineData(6, LogSeverity.Info)]
    [InlineData(7, LogSeverity.Debug)]
    public void Pri_severity_maps_to_the_level(int severity, LogSeverity expected)
    {
        var bsd = TextHarness.Single($"<{8 + severity}>Jun 14 15:16:01 host app: m");
        var rfc5424 = TextHarness.Single($"<{8 + severity}>1 2024-06-14T15:16:01Z host app - - - m");

        Assert.Equal(expected, bsd.Level);
        Assert.Equal(expected, rfc5424.Level);
        Assert.Equal("user", bsd.Property("facility"));
    }

    [Fact]
    public void Rfc3164_with_pri_space_padded_day_and_pid()
    {
        var log = TextHarness.Single("<13>Feb  5 17:32:18 10.0.0.99 myapp[123]: Use the BFG!");

        Assert.Equal("rfc3164", log.Format());
        Assert.Equal(new DateTimeOffset(2024, 2, 5, 17, 32, 18, TimeSpan.Zero), log.Timestamp); // 2025-02-05 would be in the future
        Assert.Equal(LogSeverity.Info, log.Level);
        Assert.Equal("10.0.0.99", log.Source);
        Assert.Equal("myapp", log.Application);
        Assert.Equal("123", log.Property("pid"));
        Assert.Equal("Use the BFG!", log.Message);
    }

    [Theory]
    [InlineData("Dec 31 23:59:59", 2024)]
    [InlineData("Jan  2 01:00:00", 2025)]
    [InlineData("Jan  3 03:04:05", 2025)] // exactly a day after receipt: still this year
    [InlineData("Jan  3 03:04:06", 2024)] // more than a day in the future: last year
    [InlineData("Feb 29 10:00:00", 2024)] // not in 2025: last year
    public void Rfc3164_year_is_the_receipt_year_unless_that_is_more_than_a_day_ahead(string timestamp, int year)
    {
        var log = TextHarness.Single($"{timestamp} host app: m");

        Assert.Equal(year, log.Timestamp.Year);
    }

    [Theory]
    [InlineData("Jun 19 04:09:11 combo syslogd 1.4.1: restart.", "syslogd 1.4.1", null, "restart.")]
    [InlineData("Jul  7 08:06:15 combo  -- root[2421]: ROOT LOGIN ON tty2", "-- root", "2421", "ROOT LOGIN ON tty2")]
    [InlineData("Jun 14 15:16:01 host no tag here at all", "default-app", null, "no tag here at all")]
    [InlineData("Jun 14 15:16:01 host kernel: ACPI: x", "kernel", null, "ACPI: x")]
    public void Rfc3164_tags(string line, string application, string? pid, string message)
    {
        var log = TextHarness.Single(line, "rfc3164");

        Assert.Equal(application, log.Application);
        Assert.Equal(pid, log.Property("pid"));
        Assert.Equal(message, log.Message);
    }

    [Theory]
    [InlineData("<34>1 2003-10-11T22:14:15.003Z mymachine", "rfc5424", "rfc5424: the header ends")]
    [InlineData("<34>1 2003-13-11T22:14:15.003Z host app - - - m", "rfc5424", "rfc5424: the timestamp is not RFC 3339")]
    [InlineData("<34>1 - host app - - [x@1 a=\"unterminated", "rfc5424", "rfc5424: a structured-data value has no closing quote")]
    [InlineData("Jun 14 15:16", "rfc3164", "rfc3164: expected a timestamp")]
    [InlineData("Jun 14 15:16:01 host", "rfc3164", "rfc3164: expected a host name and a message")]
    [InlineData("<999>Jun 14 15:16:01 host app: m", "syslog", "rfc3164: expected a timestamp")]
    public void Truncated_or_broken_syslog_lines_are_kept_unparsed_with_the_reason(string line, string format, string reason)
    {
        var result = TextHarness.Parse(line, format);

        var log = Assert.Single(result.Logs);
        Assert.Equal("unparsed", log.Format());
        Assert.StartsWith(reason, log.Property("parse_error"));
        Assert.Equal(line, log.Message);
        Assert.Equal(LogSeverity.Info, log.Level);
        Assert.Equal(TextHarness.ReceivedAt, log.Timestamp);
        Assert.Equal(new Dictionary<string, int> { ["unparsed"] = 1 }, result.Formats);
    }
}
