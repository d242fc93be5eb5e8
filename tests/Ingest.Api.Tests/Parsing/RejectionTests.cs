using System.Text;
using Ingest.Api.Parsing;

namespace Ingest.Api.Tests.Parsing;

/// <summary>Every way an entry can be refused, with the exact index and field the answer must name.</summary>
public sealed class RejectionTests
{
    private const string Ok = """{"message":"fine"}""";

    [Theory]
    [InlineData("""{"level":"info"}""", "message", "is required")]
    [InlineData("""{"message":null}""", "message", "is required")]
    [InlineData("""{"message":""}""", "message", "must not be empty")]
    [InlineData("""{"message":"  \t "}""", "message", "must not be empty")]
    [InlineData("""{"message":42}""", "message", "must be a string")]
    [InlineData("""{"msg":{"a":1}}""", "msg", "must be a string")]
    [InlineData("""{"message":"m","level":"loud"}""", "level", "must be one of")]
    [InlineData("""{"message":"m","level":9}""", "level", "must be one of")]
    [InlineData("""{"message":"m","level":true}""", "level", "must be one of")]
    [InlineData("""{"message":"m","timestamp":"yesterday"}""", "timestamp", "ISO 8601")]
    [InlineData("""{"message":"m","timestamp":false}""", "timestamp", "ISO 8601")]
    [InlineData("""{"message":"m","timestamp":1e30}""", "timestamp", "ISO 8601")]
    [InlineData("""{"message":"m","source":7}""", "source", "must be a string")]
    [InlineData("""{"message":"m","application":["a"]}""", "application", "must be a string")]
    [InlineData("""{"message":"m","properties":[1,2]}""", "properties", "must be a JSON object")]
    [InlineData("""{"message":"m","metadata":"x"}""", "metadata", "must be a JSON object")]
    [InlineData("""{"message":"a\u0000b"}""", "message", "NUL")]
    [InlineData("""{"message":"m","source":"a\u0000"}""", "source", "NUL")]
    [InlineData("""{"message":"m","properties":{"k":"v\u0000"}}""", "properties", "NUL")]
    [InlineData("""{"message":"m","properties":{"k\u0000":1}}""", "properties", "NUL")]
    [InlineData("""{"message":"m","extra":["\u0000"]}""", "extra", "NUL")]
    [InlineData("""{"message":"\ud800 lone"}""", "message", "not valid Unicode")]
    [InlineData("""{"message":"m","msg":"again"}""", "msg", "more than once")]
    [InlineData("""{"message":"m","properties":{},"metadata":{}}""", "metadata", "more than once")]
    public void An_invalid_field_is_named_with_its_entry(string entry, string field, string error)
    {
        var result = ParserHarness.Parse($"[{Ok},{Ok},{entry}]");

        Assert.False(result.Outcome.IsValid);
        Assert.False(result.Outcome.BodyMalformed);
        var found = Assert.Single(result.Outcome.Errors);
        Assert.Equal(2, found.Index);
        Assert.Equal(field, found.Field);
        Assert.Contains(error, found.Error);
        var rejected = Assert.Single(result.Outcome.Rejected);
        Assert.Equal(2, rejected.Index);
        Assert.Equal(entry, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes($"[{Ok},{Ok},{entry}]").AsSpan(rejected.Start, rejected.Length)));
        Assert.Contains(field + ": ", rejected.Reason);
    }

    [Fact]
    public void Limits_on_each_field_are_enforced()
    {
        var options = new IngestOptions { MaxMessageBytes = 16, MaxNameBytes = 8, MaxIdBytes = 8, MaxPropertiesBytes = 64, MaxPropertiesDepth = 2 };
        Assert.Contains("longer than 16 bytes", ParserHarness.SingleError("""{"message":"12345678901234567"}""", options).Error);
        Assert.Equal("source", ParserHarness.SingleError("""{"message":"m","source":"123456789"}""", options).Field);
        Assert.Equal("application", ParserHarness.SingleError("""{"message":"m","application":"123456789"}""", options).Field);
        Assert.Equal("trace_id", ParserHarness.SingleError("""{"message":"m","trace_id":"123456789"}""", options).Field);
        Assert.Equal("span_id", ParserHarness.SingleError("""{"message":"m","span_id":"123456789"}""", options).Field);
        var big = ParserHarness.SingleError($$$"""{"message":"m","properties":{"k":"{{{new string('x', 80)}}}"}}""", options);
        Assert.Equal(("properties", true), (big.Field, big.Error.Contains("larger than 64 bytes")));
        var deep = ParserHarness.SingleError("""{"message":"m","properties":{"a":{"b":{"c":1}}}}""", options);
        Assert.Equal(("properties", true), (deep.Field, deep.Error.Contains("deeper than 2")));
        // Exactly at the limits is fine.
        ParserHarness.Single("""{"message":"1234567890123456","source":"12345678","properties":{"a":{"b":1}}}""", options);
    }

    [Fact]
    public void A_timestamp_too_far_after_receipt_is_refused()
    {
        var received = ParserHarness.ReceivedAt;
        var withinSkew = received.AddHours(23).ToString("O");
        var beyondSkew = received.AddDays(1).AddSeconds(1).ToString("O");

        Assert.Equal(received.AddHours(23), ParserHarness.Single($$"""{"message":"m","timestamp":"{{withinSkew}}"}""").Timestamp);
        var error = ParserHarness.SingleError($$"""{"message":"m","timestamp":"{{beyondSkew}}"}""");
        Assert.Equal(("timestamp", true), (error.Field, error.Error.Contains("after the time of receipt")));
        // Old logs are fine, however old.
        Assert.Equal(1970, ParserHarness.Single("""{"message":"m","timestamp":1}""").Timestamp.Year);
    }

    [Fact]
    public void An_escaped_message_counts_its_unescaped_length()
    {
        var options = new IngestOptions { MaxMessageBytes = 16 };
        // 8 escaped characters are 48 bytes of JSON but 8 bytes of text.
        Assert.Equal(new string('A', 8), ParserHarness.Single("""{"message":"\u0041\u0041\u0041\u0041\u0041\u0041\u0041\u0041"}""", options).Message);
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        var body = Encoding.UTF8.GetBytes("""[{"message":"ok"},{"message":"bad XX here"}]""");
        var at = Array.IndexOf(body, (byte)'X');
        body[at] = 0xC3; // a lead byte without its continuation
        body[at + 1] = 0x28;

        var result = ParserHarness.Parse(body);

        var error = Assert.Single(result.Outcome.Errors);
        Assert.Equal((1, "message"), (error.Index, error.Field));
        Assert.Contains("UTF-8", error.Error);
    }

    [Fact]
    public void Every_invalid_entry_is_reported_and_nothing_is_valid()
    {
        var result = ParserHarness.Parse("""[{"message":"ok"},{"level":"x"},7,{"message":"ok"},{"message":""}]""");

        Assert.False(result.Outcome.IsValid);
        Assert.Equal(5, result.Outcome.Entries);
        Assert.Equal(3, result.Outcome.InvalidEntries);
        Assert.Equal(
            [(1, "level"), (1, "message"), (2, null), (4, "message")],
            result.Outcome.Errors.Select(e => (e.Index, e.Field)));
        Assert.Equal([1, 2, 4], result.Outcome.Rejected.Select(r => r.Index));
        Assert.Empty(result.Logs);
    }

    [Fact]
    public void Reported_errors_are_capped_but_counted()
    {
        var body = "[" + string.Join(",", Enumerable.Repeat("""{"message":""}""", 30)) + "]";

        var result = ParserHarness.Parse(body, new IngestOptions { MaxReportedErrors = 10 });

        Assert.Equal(10, result.Outcome.Errors.Count);
        Assert.Equal(30, result.Outcome.ErrorCount);
        Assert.Equal(30, result.Outcome.InvalidEntries);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData(" \r\n ", "empty")]
    [InlineData("42", "must be a JSON log object or an array")]
    [InlineData("\"text\"", "must be a JSON log object or an array")]
    [InlineData("[]", "holds no logs")]
    [InlineData("{\"message\": ", "invalid JSON")]
    [InlineData("[{\"message\":\"m\"}] trailing", "invalid JSON")]
    [InlineData("{\"message\":\"m\"}{\"message\":\"n\"}", "invalid JSON")]
    [InlineData("level=info message=plain-text", "invalid JSON")]
    public void A_body_that_is_not_json_logs_is_malformed(string body, string error)
    {
        var result = ParserHarness.Parse(body);

        Assert.False(result.Outcome.IsValid);
        Assert.True(result.Outcome.BodyMalformed);
        Assert.Contains(error, Assert.Single(result.Outcome.Errors).Error);
    }

    [Fact]
    public void More_entries_than_allowed_stop_the_parse()
    {
        var result = ParserHarness.Parse("""[{"message":"1"},{"message":"2"},{"message":"3"},{"message":"4"}]""", new IngestOptions { MaxEntriesPerRequest = 3 });

        Assert.True(result.Outcome.TooManyEntries);
        Assert.False(result.Outcome.IsValid);
    }

    [Fact]
    public void Ndjson_entries_must_be_objects()
    {
        var result = ParserHarness.Parse("{\"message\":\"a\"}\n[1]\n", format: PayloadFormat.NdJson);

        var error = Assert.Single(result.Outcome.Errors);
        Assert.Equal((1, (string?)null), (error.Index, error.Field));
    }
}
