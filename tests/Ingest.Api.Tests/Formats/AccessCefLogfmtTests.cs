using LogPlatform.Contracts;

namespace Ingest.Api.Tests.Formats;

public sealed class AccessLogFormatTests
{
    [Fact]
    public void Combined_log_line_gives_request_fields_as_properties()
    {
        const string line = "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326 \"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"";
        var log = TextHarness.Single(line);

        Assert.Equal("access", log.Format());
        Assert.Equal(new DateTimeOffset(2000, 10, 10, 20, 55, 36, TimeSpan.Zero), log.Timestamp);
        Assert.Equal(LogSeverity.Info, log.Level);
        Assert.Equal(line, log.Message);
        Assert.Equal("127.0.0.1", log.Property("client"));
        Assert.Equal("frank", log.Property("user"));
        Assert.Equal("GET", log.Property("method"));
        Assert.Equal("/apache_pb.gif", log.Property("path"));
        Assert.Equal("HTTP/1.0", log.Property("protocol"));
        Assert.Equal("200", log.Property("status"));
        Assert.Equal("2326", log.Property("bytes"));
        Assert.Equal("http://www.example.com/start.html", log.Property("referrer"));
        Assert.Equal("Mozilla/4.08 [en] (Win98; I ;Nav)", log.Property("user_agent"));
    }

    [Theory]
    [InlineData("10.1.2.3 - - [02/Jan/2025:03:00:00 +0000] \"GET / HTTP/1.1\" 503 -", LogSeverity.Error, "0", null)]
    [InlineData("10.1.2.3 - - [02/Jan/2025:03:00:00 +0000] \"POST /x HTTP/2.0\" 404 12 \"-\" \"curl/8\" 0.123", LogSeverity.Warn, "12", "123")]
    [InlineData("10.1.2.3 - - [02/Jan/2025:03:00:00 +0000] \"GET / HTTP/1.1\" 302 0 \"-\" \"-\" 4500", LogSeverity.Info, "0", "4.5")]
    [InlineData("10.1.2.3 - - [02/Jan/2025:03:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\" 3000", LogSeverity.Info, "1", "3")]
    [InlineData("10.1.2.3 - - [02/Jan/2025:03:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\" 1.5", LogSeverity.Info, "1", "1500")]
    [InlineData("10.1.2.3 - - [02/Jan/2025:03:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\" 0.0125", LogSeverity.Info, "1", "12.5")]
    [InlineData("10.1.2.3 - - [02/Jan/2025:03:00:00 +0000] \"GET /a\\\"b HTTP/1.1\" 500 7 \"-\" \"x \\\"y\\\"\" 2.", LogSeverity.Error, "7", "2000")]
    public void Status_sets_the_level_and_a_trailing_number_is_the_response_time(string line, LogSeverity level, string bytes, string? responseMs)
    {
        var log = TextHarness.Single(line, "access");

        Assert.Equal(level, log.Level);
        Assert.Equal(bytes, log.Property("bytes"));
        Assert.Equal(responseMs, log.Property("response_time_ms"));
        Assert.Null(log.Property("referrer"));
    }

    [Theory]
    [InlineData("10.1.2.3 - - [02/Jan/2025:03:00:00 +0000] \"GET / HTTP/1.1")]
    [InlineData("10.1.2.3 - - [02/Jan/2025:03:00")]
    [InlineData("10.1.2.3 - - [02/Jan/2025:03:00:00 +0000] \"GET / HTTP/1.1\" 2x0 5")]
    public void Truncated_access_lines_are_unparsed(string line)
    {
        var log = TextHarness.Single(line, "access");

        Assert.Equal("unparsed", log.Format());
        Assert.StartsWith("access: ", log.Property("parse_error"));
        Assert.Equal(line, log.Message);
    }
}

public sealed class CefFormatTests
{
    [Fact]
    public void Bare_cef_line_maps_header_and_extension()
    {
        var log = TextHarness.Single("CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232");

        Assert.Equal("cef", log.Format());
        Assert.Equal("worm successfully stopped", log.Message);
        Assert.Equal(LogSeverity.Fatal, log.Level);
        Assert.Equal("threatmanager", log.Application);
        Assert.Equal("Security", log.Property("device_vendor"));
        Assert.Equal("100", log.Property("signature_id"));
        Assert.Equal("10.0.0.1", log.Property("src"));
        Assert.Equal("2.1.2.2", log.Property("dst"));
        Assert.Equal("1232", log.Property("spt"));
    }

    [Fact]
    public void Escapes_in_header_and_extension_are_undone_and_values_may_hold_spaces()
    {
        var log = TextHarness.Single(@"CEF:0|security|threat\|manager|1.0|100|detected a \\ in packet|Medium|act=blocked a \= here msg=line one\nline two cs1=foo bar cs1Label=free text", "cef");

        Assert.Equal(@"detected a \ in packet", log.Message);
        Assert.Equal("threat|manager", log.Application);
        Assert.Equal(LogSeverity.Warn, log.Level);
        Assert.Equal("blocked a = here", log.Property("act"));
        Assert.Equal("line one\nline two", log.Property("msg"));
        Assert.Equal("foo bar", log.Property("cs1"));
        Assert.Equal("free text", log.Property("cs1Label"));
    }

    [Theory]
    [InlineData("<134>Feb 14 19:04:54 fw01 CEF:0|Vendor|Prod|1|sig|Denied|High|dvchost=fw01.example.com rt=1707937494000", "fw01.example.com")]
    [InlineData("<134>1 2024-02-14T19:04:54Z fw02 - - - - CEF:0|Vendor|Prod|1|sig|Denied|7|rt=Feb 14 2024 19:04:54", "fw02")]
    public void Cef_behind_a_syslog_header(string line, string source)
    {
        var log = TextHarness.Single(line);

        Assert.Equal("cef", log.Format());
        Assert.Equal(source, log.Source);
        Assert.Equal("Prod", log.Application);
        Assert.Equal(LogSeverity.Error, log.Level);
        Assert.Equal("Denied", log.Message);
        Assert.Equal(new DateTimeOffset(2024, 2, 14, 19, 4, 54, TimeSpan.Zero), log.Timestamp);
        Assert.Equal("local0", log.Property("facility"));
    }

    [Theory]
    [InlineData("0", LogSeverity.Info)]
    [InlineData("3", LogSeverity.Info)]
    [InlineData("Low", LogSeverity.Info)]
    [InlineData("6", LogSeverity.Warn)]
    [InlineData("8", LogSeverity.Error)]
    [InlineData("High", LogSeverity.Error)]
    [InlineData("Very-High", LogSeverity.Fatal)]
    [InlineData("9", LogSeverity.Fatal)]
    public void Severity_maps_to_the_level(string severity, LogSeverity level)
        => Assert.Equal(level, TextHarness.Single($"CEF:0|V|P|1|s|n|{severity}|").Level);

    [Fact]
    public void A_1_MiB_extension_of_unescaped_equals_signs_parses_in_linear_time()
    {
        var line = "CEF:0|V|P|1|s|n|1|k=" + string.Concat(Enumerable.Repeat("x=", 512 * 1024)) + " last=1";
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var log = TextHarness.Single(line, "cef");

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), watch.Elapsed.ToString());
        Assert.Equal("1", log.Property("last"));
        Assert.Null(log.Property("k")); // larger than the properties limit: dropped, and flagged
        Assert.Equal("true", log.Property("properties_truncated"));
    }

    [Fact]
    public void Truncated_header_is_unparsed()
    {
        var log = TextHarness.Single("CEF:0|Vendor|Prod|1.0");

        Assert.Equal("unparsed", log.Format());
        Assert.StartsWith("cef: the header needs 7", log.Property("parse_error"));
    }
}

public sealed class LogfmtFormatTests
{
    [Fact]
    public void Known_keys_are_fields_and_quoted_values_unescape()
    {
        var log = TextHarness.Single("time=2024-05-01T10:00:00.5Z level=warn msg=\"disk \\\"/var\\\" almost\\tfull\" path=/var used=93% app=backup host=\"db 1\" flag");

        Assert.Equal("logfmt", log.Format());
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, 500, TimeSpan.Zero), log.Timestamp);
        Assert.Equal(LogSeverity.Warn, log.Level);
        Assert.Equal("disk \"/var\" almost\tfull", log.Message);
        Assert.Equal("backup", log.Application);
        Assert.Equal("/var", log.Property("path"));
        Assert.Equal("93%", log.Property("used"));
        Assert.Equal("db 1", log.Property("host"));
        Assert.Equal("true", log.Property("flag"));
    }

    [Fact]
    public void Aliases_unix_time_and_no_msg()
    {
        const string line = "lvl=eror ts=1714557600 component=api duration=12ms";
        var log = TextHarness.Single(line, "logfmt");

        Assert.Equal(LogSeverity.Error, log.Level);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1714557600), log.Timestamp);
        Assert.Equal(line, log.Message);
        Assert.Equal("12ms", log.Property("duration"));
    }

    [Fact]
    public void Unreadable_level_and_time_stay_properties()
    {
        var log = TextHarness.Single("level=loud time=yesterday msg=x", "logfmt");

        Assert.Equal(LogSeverity.Info, log.Level);
        Assert.Equal("loud", log.Property("level"));
        Assert.Equal("yesterday", log.Property("time"));
        Assert.Equal(TextHarness.ReceivedAt, log.Timestamp);
    }

    [Theory]
    [InlineData("msg=\"never closed", "logfmt: a quoted value has no closing quote")]
    [InlineData("just words", "logfmt: expected key=value at the start")]
    [InlineData("=x", "logfmt: expected a key")]
    public void Broken_logfmt_is_unparsed(string line, string reason)
    {
        var log = TextHarness.Single(line, "logfmt");

        Assert.Equal("unparsed", log.Format());
        Assert.StartsWith(reason, log.Property("parse_error"));
    }
}
