using System.Diagnostics;
using System.Text;
using Ingest.Api.Formats;
using LogPlatform.Contracts;
using LogPlatform.Shipping.Batches;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Tests.Formats;

public sealed class TextPayloadParserTests
{
    private const string Mixed = """
        {"level":"error","message":"from json","application":"j"}
        <34>1 2003-10-11T22:14:15.003Z mymachine su - ID47 - failed
        <13>Feb  5 17:32:18 10.0.0.99 myapp[123]: Use the BFG!
        Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown
        127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 500 1
        CEF:0|Security|threatmanager|1.0|100|worm stopped|10|src=10.0.0.1
        level=debug msg=hello
        this matches nothing at all
        {"level":"info"}
        """;

    [Fact]
    public void Auto_detects_each_line_and_counts_the_formats()
    {
        var result = TextHarness.Parse(Mixed);

        Assert.Equal(["json", "rfc5424", "rfc3164", "rfc3164", "access", "cef", "logfmt", "unparsed", "unparsed"],
            result.Logs.Select(l => l.Property("format") ?? "json"));
        Assert.Equal(new Dictionary<string, int>
        {
            ["json"] = 1, ["rfc5424"] = 1, ["rfc3164"] = 2, ["access"] = 1, ["cef"] = 1, ["logfmt"] = 1, ["unparsed"] = 2,
        }, result.Formats);
        Assert.Equal(LogSeverity.Error, result.Logs[0].Level);
        Assert.Equal("j", result.Logs[0].Application);
        Assert.Equal("this matches nothing at all", result.Logs[7].Message);
        Assert.StartsWith("auto: no format matched", result.Logs[7].Property("parse_error"));
        Assert.Equal("{\"level\":\"info\"}", result.Logs[8].Message);
        Assert.Equal("json: message is required", result.Logs[8].Property("parse_error"));
    }

    [Fact]
    public void A_named_format_does_not_guess()
    {
        var result = TextHarness.Parse(Mixed, "rfc3164");

        Assert.Equal(new Dictionary<string, int> { ["rfc3164"] = 2, ["unparsed"] = 7 }, result.Formats); // <34>1 ... is not BSD
        Assert.All(result.Logs.Where(l => l.Format() == "unparsed"), l => Assert.StartsWith("rfc3164: ", l.Property("parse_error")));
    }

    [Fact]
    public void Json_format_takes_only_json_lines()
    {
        var result = TextHarness.Parse("{\"message\":\"a\"}\nnot json\n{\"message\":\"b\"} trailing\n", "json");

        Assert.Equal(new Dictionary<string, int> { ["json"] = 1, ["unparsed"] = 2 }, result.Formats);
        Assert.Equal(["a", "not json", "{\"message\":\"b\"} trailing"], result.Logs.Select(l => l.Message));
    }

    [Fact]
    public void A_stack_trace_stays_with_its_log()
    {
        const string body = "Jun 14 15:16:01 host app[1]: Unhandled System.InvalidOperationException: x\r\n"
            + "   at Foo.Bar()\r\n\tat Baz.Qux()\r\nCaused by: System.IO.IOException: y\r\n   ... 2 more\r\n"
            + "\r\n"
            + "Jun 14 15:16:02 host app[1]: next\n";
        var result = TextHarness.Parse(body, "syslog");

        Assert.Equal(2, result.Logs.Length);
        Assert.Equal("Unhandled System.InvalidOperationException: x\r\n   at Foo.Bar()\r\n\tat Baz.Qux()\r\nCaused by: System.IO.IOException: y\r\n   ... 2 more",
            result.Logs[0].Message);
        Assert.Equal("next", result.Logs[1].Message);
    }

    [Fact]
    public void Multiline_start_pattern_and_switch_are_configurable()
    {
        const string body = "2024-05-01 10:00:00 ERROR boom\nno indent but continued\n2024-05-01 10:00:01 INFO ok\n";
        var byPattern = TextHarness.CreateParser(TextHarness.Configuration(settings: new Dictionary<string, string?>
        {
            ["Ingest:Text:MultilineStartPattern"] = @"^\d{4}-\d{2}-\d{2} ",
            ["Ingest:Formats:plain:Pattern"] = @"^(?<timestamp>\d{4}-\d{2}-\d{2} \S+) (?<level>\w+) (?<message>.*)$",
        }));
        var off = TextHarness.CreateParser(TextHarness.Configuration(settings: new Dictionary<string, string?>
        {
            ["Ingest:Text:Multiline"] = "false",
            ["Ingest:Formats:plain:Pattern"] = @"^(?<timestamp>\d{4}-\d{2}-\d{2} \S+) (?<level>\w+) (?<message>.*)$",
        }));

        var joined = TextHarness.Parse(body, "plain", byPattern);
        var separate = TextHarness.Parse(body, "plain", off);

        Assert.Equal(["boom\nno indent but continued", "ok"], joined.Logs.Select(l => l.Message));
        Assert.Equal(LogSeverity.Error, joined.Logs[0].Level);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), joined.Logs[0].Timestamp);
        Assert.Equal(3, separate.Logs.Length);
        Assert.Equal("unparsed", separate.Logs[1].Format());
    }

    [Fact]
    public void A_1_MiB_line_is_kept_truncated_to_the_message_limit_and_flagged()
    {
        var line = "Jun 14 15:16:01 host app: " + new string('x', 1024 * 1024);
        var watch = Stopwatch.StartNew();

        var log = TextHarness.Single(line);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), watch.Elapsed.ToString());
        Assert.Equal("rfc3164", log.Format());
        Assert.Equal(new IngestOptions().MaxMessageBytes, log.Message.Length);
        Assert.Equal((1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), log.Property("truncated_bytes"));
        var unparsed = TextHarness.Single(new string('y', 1024 * 1024));
        Assert.Equal("unparsed", unparsed.Format());
        Assert.Equal(new IngestOptions().MaxMessageBytes, unparsed.Message.Length);
    }

    [Fact]
    public void Invalid_utf8_and_nul_are_replaced_and_flagged_not_refused()
    {
        var body = "Jun 14 15:16:01 host app: caf"u8.ToArray().Concat(new byte[] { 0xC3, 0x20, 0xFF, 0x00 }).Concat(" end"u8.ToArray()).ToArray();

        var log = Assert.Single(TextHarness.Parse(body).Logs);

        Assert.Equal("rfc3164", log.Format());
        Assert.Equal("caf\uFFFD \uFFFD\uFFFD end", log.Message);
        Assert.Equal("true", log.Property("invalid_utf8"));
    }

    [Fact]
    public void Too_many_lines_is_reported_and_an_empty_body_holds_no_logs()
    {
        var parser = TextHarness.CreateParser(options: new IngestOptions { MaxEntriesPerRequest = 2 });

        var tooMany = TextHarness.Parse("a=1\nb=2\nc=3\n", parser: parser);
        var empty = TextHarness.Parse("\n \r\n\t\n");

        Assert.True(tooMany.Outcome.TooManyEntries);
        Assert.True(empty.Outcome.BodyMalformed);
        Assert.Empty(empty.Logs);
    }

    [Fact]
    public void A_timestamp_far_in_the_future_uses_the_time_of_receipt_and_is_flagged()
    {
        var log = TextHarness.Single("ts=2099-01-01T00:00:00Z msg=x");

        Assert.Equal(TextHarness.ReceivedAt, log.Timestamp);
        Assert.Contains("too far after", log.Property("parse_error"));
    }

    [Fact]
    public void Source_and_application_longer_than_the_limit_are_cut()
    {
        var log = TextHarness.Single($"source={new string('s', 1000)} app=ok msg=x");

        Assert.Equal(new IngestOptions().MaxNameBytes, log.Source.Length);
    }
}

public sealed class CustomFormatTests
{
    [Fact]
    public void Catastrophic_backtracking_hits_the_timeout_and_is_flagged_quickly()
    {
        var parser = TextHarness.CreateParser(TextHarness.Configuration(settings: new Dictionary<string, string?>
        {
            ["Ingest:Formats:evil:Pattern"] = "^(?<message>(a|aa)+)$",
            ["Ingest:Formats:evil:MatchTimeout"] = "00:00:00.050",
        }));
        var watch = Stopwatch.StartNew();

        var result = TextHarness.Parse(new string('a', 80) + "!\n" + "aaaa\n", "evil", parser);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), watch.Elapsed.ToString());
        Assert.Equal("unparsed", result.Logs[0].Format());
        Assert.Equal("evil: the pattern took longer than 50 ms (match timeout)", result.Logs[0].Property("parse_error"));
        Assert.Equal("evil", result.Logs[1].Format());
        Assert.Equal("aaaa", result.Logs[1].Message);
    }

    [Fact]
    public void Other_named_groups_become_properties_and_unknown_levels_stay_visible()
    {
        var parser = TextHarness.CreateParser(TextHarness.Configuration(settings: new Dictionary<string, string?>
        {
            ["Ingest:Formats:app:Pattern"] = @"^(?<timestamp>\S+) \[(?<thread>[^\]]+)\] (?<level>\w+) (?<source>\S+) (?<application>\S+) - (?<message>.*)$",
        }));

        var log = TextHarness.Single("2024-05-01T10:00:00+02:00 [main-1] LOUD node7 billing - Ünïcode message ✓", "app", parser);

        Assert.Equal(new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.Zero), log.Timestamp);
        Assert.Equal("main-1", log.Property("thread"));
        Assert.Equal("LOUD", log.Property("level"));
        Assert.Equal(LogSeverity.Info, log.Level);
        Assert.Equal("node7", log.Source);
        Assert.Equal("billing", log.Application);
        Assert.Equal("Ünïcode message ✓", log.Message);
    }

    [Theory]
    [InlineData("syslog", "^(?<message>.*)$", "is a built-in format name")]
    [InlineData("bad", "^(?<message>.*$", "Pattern does not compile")]
    [InlineData("bad name", "^.*$", "a format name is")]
    public void Invalid_custom_formats_fail_validation_at_start(string name, string pattern, string error)
    {
        var options = new CustomFormatsOptions { [name] = new CustomFormatOptions { Pattern = pattern } };

        var result = new TextFormatOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(error, result.FailureMessage);
    }

    [Theory]
    [InlineData("?format=nope", null, false, "Unknown log format 'nope'")]
    [InlineData("?format=RFC3164", null, true, "rfc3164")]
    [InlineData("", "cef", true, "cef")]
    [InlineData("", null, true, "auto")]
    public void The_format_comes_from_the_query_or_header(string query, string? header, bool known, string expected)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        if (header is not null) context.Request.Headers[TextFormatRequest.FormatHeader] = header;
        var registry = TextHarness.CreateParser().Formats;

        var ok = TextFormatRequest.TrySelect(context.Request, registry, out var format, out var error);

        Assert.Equal(known, ok);
        if (known) Assert.Equal(expected, format.Name);
        else Assert.StartsWith(expected, error);
    }

    [Fact]
    public void Events_are_slices_of_the_text_without_line_breaks()
    {
        var text = "a\r\n  b\n\nc\n d\n e"u8.ToArray();
        var events = new List<string>();
        var joiner = new MultilineJoiner(text, EventStartPattern.Unindented, maxLines: 2);
        while (joiner.MoveNext(out var e)) events.Add(Encoding.UTF8.GetString(e));

        Assert.Equal(["a\r\n  b", "c\n d", " e"], events);
    }
}
