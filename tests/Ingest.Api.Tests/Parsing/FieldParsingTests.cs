using Ingest.Api.Parsing;
using LogPlatform.Contracts;

namespace Ingest.Api.Tests.Parsing;

public sealed class FieldParsingTests
{
    [Theory]
    [InlineData("\"trace\"", LogSeverity.Trace)]
    [InlineData("\"VERBOSE\"", LogSeverity.Trace)]
    [InlineData("\"Debug\"", LogSeverity.Debug)]
    [InlineData("\"INFO\"", LogSeverity.Info)]
    [InlineData("\"Information\"", LogSeverity.Info)]
    [InlineData("\"notice\"", LogSeverity.Info)]
    [InlineData("\"warning\"", LogSeverity.Warn)]
    [InlineData("\"WRN\"", LogSeverity.Warn)]
    [InlineData("\"err\"", LogSeverity.Error)]
    [InlineData("\"SEVERE\"", LogSeverity.Error)]
    [InlineData("\"critical\"", LogSeverity.Fatal)]
    [InlineData("\"emerg\"", LogSeverity.Fatal)]
    [InlineData("\" error \"", LogSeverity.Error)]
    [InlineData("\"\\u0065rror\"", LogSeverity.Error)]
    [InlineData("0", LogSeverity.Trace)]
    [InlineData("5", LogSeverity.Fatal)]
    [InlineData("\"3\"", LogSeverity.Warn)]
    [InlineData("null", LogSeverity.Info)]
    public void Level_aliases_are_normalised(string level, LogSeverity expected)
    {
        var log = ParserHarness.Single($$"""{"message":"m","level":{{level}}}""");
        Assert.Equal(expected, log.Level);
    }

    [Fact]
    public void Missing_level_is_info_and_severity_is_an_alias()
    {
        Assert.Equal(LogSeverity.Info, ParserHarness.Single("""{"message":"m"}""").Level);
        Assert.Equal(LogSeverity.Warn, ParserHarness.Single("""{"message":"m","severity":"warn"}""").Level);
    }

    [Theory]
    [InlineData("\"2025-11-11T16:00:00\"", "2025-11-11T16:00:00Z")]
    [InlineData("\"2025-11-11T16:00:00Z\"", "2025-11-11T16:00:00Z")]
    [InlineData("\"2025-11-11T16:00:00.123456Z\"", "2025-11-11T16:00:00.123456Z")]
    [InlineData("\"2025-11-11T18:00:00+02:00\"", "2025-11-11T16:00:00Z")]
    [InlineData("\"2025-11-11 16:00:00\"", "2025-11-11T16:00:00Z")]
    [InlineData("\"Tue, 11 Nov 2025 16:00:00 GMT\"", "2025-11-11T16:00:00Z")]
    [InlineData("1762876800", "2025-11-11T16:00:00Z")]
    [InlineData("1762876800.5", "2025-11-11T16:00:00.5Z")]
    [InlineData("1762876800123", "2025-11-11T16:00:00.123Z")]
    [InlineData("1762876800123456", "2025-11-11T16:00:00.123456Z")]
    [InlineData("1762876800123456789", "2025-11-11T16:00:00.1234567Z")]
    [InlineData("\"1762876800\"", "2025-11-11T16:00:00Z")]
    public void Timestamp_forms_are_normalised_to_utc(string timestamp, string expected)
    {
        var log = ParserHarness.Single($$"""{"message":"m","timestamp":{{timestamp}}}""");
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), log.Timestamp);
        Assert.Equal(TimeSpan.Zero, log.Timestamp.Offset);
    }

    [Theory]
    [InlineData("@timestamp")]
    [InlineData("time")]
    [InlineData("ts")]
    public void Timestamp_aliases_are_read(string name)
    {
        var log = ParserHarness.Single($$"""{"message":"m","{{name}}":"2025-11-11T16:00:00Z"}""");
        Assert.Equal(new DateTimeOffset(2025, 11, 11, 16, 0, 0, TimeSpan.Zero), log.Timestamp);
    }

    [Fact]
    public void Missing_timestamp_source_and_application_take_the_request_defaults()
    {
        var log = ParserHarness.Single("""{"message":"m"}""");
        Assert.Equal(ParserHarness.ReceivedAt, log.Timestamp);
        Assert.Equal(ParserHarness.ReceivedAt, log.ReceivedAt);
        Assert.Equal("default-source", log.Source);
        Assert.Equal("default-app", log.Application);
        Assert.Null(log.TraceId);
        Assert.Null(log.SpanId);
        Assert.Null(log.Properties);
    }

    [Fact]
    public void A_log_without_a_trace_takes_the_requests_and_one_with_its_own_keeps_it()
    {
        const string requestTrace = "0af7651916cd43dd8448eb211c80319c", requestSpan = "b7ad6b7169203331";
        var result = ParserHarness.Parse("""[{"message":"a"},{"message":"b","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}]""",
            requestTraceId: requestTrace, requestSpanId: requestSpan);
        Assert.True(result.Outcome.IsValid);
        Assert.Equal((requestTrace, requestSpan), (result.Logs[0].TraceId, result.Logs[0].SpanId));
        Assert.Equal(("4bf92f3577b34da6a3ce929d0e0e4736", (string?)null), (result.Logs[1].TraceId, result.Logs[1].SpanId));
    }

    [Fact]
    public void Text_keeps_escapes_and_unicode_exactly()
    {
        var log = ParserHarness.Single("""{"msg":"quote \" backslash \\ tab \t é 日本 \ud83d\ude00 \u00e9","app":"a\"b","source":"s","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7"}""");
        Assert.Equal("quote \" backslash \\ tab \t é 日本 😀 é", log.Message);
        Assert.Equal("a\"b", log.Application);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", log.TraceId);
        Assert.Equal("00f067aa0ba902b7", log.SpanId);
    }

    [Fact]
    public void Metadata_is_properties_and_unknown_fields_join_them()
    {
        var log = ParserHarness.Single("""{"message":"m","metadata":{"user_id":123,"tags":["a","b"],"nested":{"x":null}},"host":"web-1","retry":true}""");
        var properties = log.Properties!.Value;
        Assert.Equal(123, properties.GetProperty("user_id").GetInt32());
        Assert.Equal(2, properties.GetProperty("tags").GetArrayLength());
        Assert.Equal("web-1", properties.GetProperty("host").GetString());
        Assert.True(properties.GetProperty("retry").GetBoolean());
    }

    [Fact]
    public void A_single_object_an_array_and_ndjson_are_all_accepted()
    {
        Assert.Single(ParserHarness.Parse("""{"message":"one"}""").Logs);
        Assert.Equal(2, ParserHarness.Parse("""[{"message":"one"},{"message":"two"}]""").Logs.Length);
        var ndjson = ParserHarness.Parse("{\"message\":\"one\"}\n{\"message\":\"two\"}\r\n\n{\"message\":\"three\"}", format: PayloadFormat.NdJson);
        Assert.Equal(["one", "two", "three"], ndjson.Logs.Select(l => l.Message));
    }

    [Fact]
    public void Logs_are_split_into_chunks_of_the_configured_size()
    {
        var body = "[" + string.Join(",", Enumerable.Range(0, 2500).Select(i => $$"""{"message":"log {{i}}"}""")) + "]";

        var result = ParserHarness.Parse(body);

        Assert.Equal([1000, 1000, 500], result.Chunks.Select(c => c.Count));
        Assert.Equal(Enumerable.Range(0, 2500).Select(i => $"log {i}"), result.Logs.Select(l => l.Message));
    }
}

public sealed class LogChunkWriterTests
{
    [Fact]
    public void Disposing_with_an_open_chunk_does_not_write_into_returned_buffers()
    {
        var output = new LogChunkWriter(1000, 256);
        var json = output.BeginLog();
        json.WriteStartObject();
        json.WriteString("message", new string('x', 2000));
        json.WriteEndObject();
        output.EndLog();

        output.Dispose();
        output.Dispose();
    }

    [Fact]
    public void Chunks_close_at_the_size_and_the_rest_on_complete()
    {
        using var output = new LogChunkWriter(2, 16);
        for (var i = 0; i < 5; i++)
        {
            var json = output.BeginLog();
            json.WriteNumberValue(i);
            output.EndLog();
        }

        var chunks = output.Complete();

        Assert.Equal(["[0,1]", "[2,3]", "[4]"], chunks.Select(c => System.Text.Encoding.UTF8.GetString(c.Payload.Span)));
        Assert.Equal([2, 2, 1], chunks.Select(c => c.Count));
        Assert.Equal(5, output.Count);
    }
}

public sealed class SpaceSeparatedTimestampTests
{
    [Theory]
    [InlineData("2025-11-11 16:00:00", "2025-11-11T16:00:00Z")]
    [InlineData("2025-11-11 16:00:00.250", "2025-11-11T16:00:00.25Z")]
    [InlineData("2025-11-11 18:00:00+02:00", "2025-11-11T16:00:00Z")]
    [InlineData("2025-11-11 16:00:00Z", "2025-11-11T16:00:00Z")]
    public void The_iso_form_with_a_space_is_read(string text, string expected)
    {
        var log = ParserHarness.Single($$"""{"message":"m","timestamp":"{{text}}"}""");
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), log.Timestamp);
    }

    [Fact]
    public void A_broken_space_form_is_still_refused()
    {
        Assert.Equal("timestamp", ParserHarness.SingleError("""{"message":"m","timestamp":"2025-13-45 99:00:00"}""").Field);
    }
}
