using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ingest.Api.Tests.Formats;
using Ingest.Api.Tests.Integration;
using Ingest.Api.Tests.Protocols.Loki;
using Ingest.Api.Tests.Protocols.Otlp;
using LogPlatform.Contracts;
using static Ingest.Api.Tests.Protocols.ProtoWriter;

namespace Ingest.Api.Tests.Protocols;

/// <summary>
/// Hostile bodies at every protocol door (CLEF, OTLP protobuf, OTLP JSON, Loki): each gets a clear 4xx or a partial success
/// naming the record, the service keeps answering, nothing unbounded is stored, and what is refused is in the dead-letter
/// list (real Redis) with its reason and its raw bytes (base64 for protobuf), up to the entry limit.
/// </summary>
[Collection(IngestCollection.Name)]
public sealed class HostileInputTests(IngestFixture fixture)
{
    private const int MaxDeadLetterEntryBytes = 16 * 1024; // IngestOptions' default

    private static string App(string door) => $"hostile-{door}-" + Guid.NewGuid().ToString("N")[..10];

    private static ulong Nanos(DateTimeOffset time) => (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100;

    private static ByteArrayContent Content(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    private static ByteArrayContent Gzip(string body, string contentType)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize)) gzip.Write(Encoding.UTF8.GetBytes(body));
        var content = Content(buffer.ToArray(), contentType);
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }

    /// <summary>Sends the request and returns the answer with the dead letters it added (newest first).</summary>
    private async Task<(HttpResponseMessage Answer, List<JsonElement> DeadLetters)> SendAsync(string path, HttpContent content)
    {
        using var client = fixture.Factory.CreateAuthorizedClient();
        var before = await fixture.Database.ListLengthAsync(RedisNames.DeadLetterList);
        var answer = await client.PostAsync(path, content);
        var added = await fixture.Database.ListLengthAsync(RedisNames.DeadLetterList) - before;
        var entries = added <= 0 ? [] : await fixture.Database.ListRangeAsync(RedisNames.DeadLetterList, 0, added - 1);
        return (answer, entries.Select(e => JsonDocument.Parse(e.ToString()).RootElement.Clone()).ToList());
    }

    private static JsonElement DeadLetter(List<JsonElement> deadLetters, string reason)
        => Assert.Single(deadLetters, d => d.GetProperty("reason").GetString()!.Contains(reason, StringComparison.Ordinal));

    // ---------- CLEF ----------

    [Fact]
    public async Task Clef_invalid_UTF8_deep_nesting_and_year_9999_are_400_naming_the_line_and_dead_lettered()
    {
        var app = App("clef");
        var deep = "{\"@mt\":\"deep\",\"P\":" + string.Concat(Enumerable.Repeat("{\"a\":", 500)) + "1" + new string('}', 500) + "}";
        byte[] body = [.. Encoding.UTF8.GetBytes($$"""{"@mt":"fine","Application":"{{app}}"}""" + "\n"),
            .. "{\"@mt\":\"bad \""u8, 0xC3, 0x28, .. "\"}\n"u8,
            .. Encoding.UTF8.GetBytes(deep + "\n"),
            .. Encoding.UTF8.GetBytes("""{"@t":"9999-12-31T23:59:59Z","@mt":"far future"}""")];

        var (answer, deadLetters) = await SendAsync("/ingest/clef", Content(body, "application/vnd.serilog.clef"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var error = await answer.Content.ReadAsStringAsync();
        Assert.Contains("line 2: is not valid UTF-8", error);
        Assert.Contains("line 3: invalid JSON", error);
        Assert.Contains("line 4: @t is more than", error);
        Assert.Empty(await StreamLogs.OfApplicationAsync(fixture.Database, app)); // all or nothing
        Assert.Contains("bad ", DeadLetter(deadLetters, "line 2").GetProperty("entry").GetString()); // kept as text, U+FFFD for the bad byte
        Assert.Equal("far future", DeadLetter(deadLetters, "line 4").GetProperty("entry").GetProperty("@mt").GetString());
        var tooDeep = DeadLetter(deadLetters, "line 3").GetProperty("entry");
        Assert.Equal(deep, tooDeep.ValueKind == JsonValueKind.String ? tooDeep.GetString() : tooDeep.GetRawText());
    }

    [Fact]
    public async Task Clef_a_huge_repeated_property_is_cut_to_the_properties_limit_and_flagged()
    {
        var app = App("clef");
        var huge = string.Join(",", Enumerable.Repeat("\"xxxxxxxx\"", 130_000)); // ~1.4 MB array (the tests' body limit is 2 MiB)
        var (answer, _) = await SendAsync("/ingest/clef",
            Content(Encoding.UTF8.GetBytes($$"""{"@mt":"huge {N}","N":1,"Huge":[{{huge}}],"Application":"{{app}}"}"""), "application/vnd.serilog.clef"));

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var log = Assert.Single(await StreamLogs.OfApplicationAsync(fixture.Database, app));
        Assert.Equal("huge 1", log.Message);
        Assert.Null(log.Property("Huge"));
        Assert.Equal("true", log.Property("properties_truncated"));
    }

    [Fact]
    public async Task Clef_a_gzip_bomb_is_413_and_the_service_still_answers()
    {
        var bomb = Gzip(new string(' ', 64 * 1024 * 1024) + "{\"@mt\":\"x\"}", "application/vnd.serilog.clef");
        var (answer, _) = await SendAsync("/ingest/clef", bomb);
        var (next, _) = await SendAsync("/ingest/clef", Content("{\"@mt\":\"after the bomb\"}"u8.ToArray(), "application/vnd.serilog.clef"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
    }

    // ---------- OTLP protobuf ----------

    [Fact]
    public async Task Otlp_protobuf_truncated_is_400_and_its_bytes_are_dead_lettered_as_base64()
    {
        var valid = OtlpHttpTests.Request(App("otlp"), Message(Bytes(5, String(1, "cut short"))));
        var truncated = valid[..^4];

        var (answer, deadLetters) = await SendAsync("/v1/logs", Content(truncated, "application/x-protobuf"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var deadLetter = DeadLetter(deadLetters, "not an OTLP protobuf message");
        Assert.Equal(truncated, deadLetter.GetProperty("entry_base64").GetBytesFromBase64());
        Assert.False(deadLetter.TryGetProperty("entry", out _));
    }

    [Fact]
    public async Task Otlp_protobuf_a_year_9999_record_is_a_partial_success_naming_it_and_the_record_is_dead_lettered()
    {
        var app = App("otlp");
        var future = Message(Fixed64(1, Nanos(new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero))), Bytes(5, String(1, "far future")));
        var body = OtlpHttpTests.Request(app, Message(Varint(2, 9), Bytes(5, String(1, "fine"))), future);

        var (answer, deadLetters) = await SendAsync("/v1/logs", Content(body, "application/x-protobuf"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("log record 1", Encoding.UTF8.GetString(await answer.Content.ReadAsByteArrayAsync()));
        Assert.Equal("fine", Assert.Single(await StreamLogs.OfApplicationAsync(fixture.Database, app)).Message);
        var deadLetter = DeadLetter(deadLetters, "after the time of receipt");
        Assert.Equal(1, deadLetter.GetProperty("index").GetInt32());
        Assert.Equal(future, deadLetter.GetProperty("entry_base64").GetBytesFromBase64());
    }

    [Fact]
    public async Task Otlp_protobuf_a_huge_repeated_attribute_field_is_cut_to_the_properties_limit()
    {
        var app = App("otlp");
        var attributes = Enumerable.Range(0, 100_000).Select(i => Bytes(6, Attribute($"k{i}", "v"))).ToArray(); // ~1.5 MB (limit 2 MiB)
        var body = OtlpHttpTests.Request(app, Message([Bytes(5, String(1, "many attributes")), .. attributes]));

        var (answer, _) = await SendAsync("/v1/logs", Content(body, "application/x-protobuf"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var log = Assert.Single(await StreamLogs.OfApplicationAsync(fixture.Database, app));
        Assert.Equal("true", log.Property("properties_truncated"));
        Assert.True(log.Properties!.Value.GetRawText().Length < 80 * 1024, "properties stay within about the 64 KiB limit");
    }

    // ---------- OTLP JSON ----------

    [Fact]
    public async Task Otlp_json_invalid_UTF8_is_400_and_dead_lettered()
    {
        byte[] body = [.. """{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"bad """u8, 0xFF, 0xFE, .. "\"}}]}]}]}"u8];

        var (answer, deadLetters) = await SendAsync("/v1/logs", Content(body, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Single(deadLetters);
        Assert.Contains("resourceLogs", deadLetters[0].GetProperty("entry").GetRawText());
    }

    [Fact]
    public async Task Otlp_json_deeply_nested_attributes_are_400_with_the_body_dead_lettered()
    {
        var deep = "{\"stringValue\":\"leaf\"}";
        for (var i = 0; i < 40; i++) deep = "{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":" + deep + "}]}}";
        var body = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":{\"stringValue\":\"too deep\"},\"attributes\":[{\"key\":\"deep\",\"value\":" + deep + "}]}]}]}]}";

        var (answer, deadLetters) = await SendAsync("/v1/logs", Content(Encoding.UTF8.GetBytes(body), "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("depth", await answer.Content.ReadAsStringAsync());
        Assert.Equal(body, DeadLetter(deadLetters, "depth").GetProperty("entry").GetString());
    }

    [Fact]
    public async Task Otlp_json_a_far_future_record_is_a_partial_success_naming_it_and_dead_lettered()
    {
        var app = App("otlpjson");
        // Year 2500 (nanoseconds since 1970 in a uint64 end in 2554, so 9999 cannot even be written here).
        var body = $$$"""
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"{{{app}}}"}}]},"scopeLogs":[{"logRecords":[
              {"body":{"stringValue":"fine"}},
              {"timeUnixNano":"16725225600000000000","body":{"stringValue":"year 2500"}}]}]}]}
            """;

        var (answer, deadLetters) = await SendAsync("/v1/logs", Content(Encoding.UTF8.GetBytes(body), "application/json"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("log record 1", await answer.Content.ReadAsStringAsync());
        Assert.Equal("fine", Assert.Single(await StreamLogs.OfApplicationAsync(fixture.Database, app)).Message);
        Assert.Single(deadLetters, d => d.GetProperty("reason").GetString()!.Contains("log record 1"));
    }

    [Fact]
    public async Task Otlp_json_a_gzip_bomb_is_413()
    {
        var (answer, _) = await SendAsync("/v1/logs", Gzip(new string(' ', 64 * 1024 * 1024) + "{}", "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
    }

    // ---------- Loki ----------

    [Fact]
    public async Task Loki_truncated_protobuf_is_400_and_the_body_is_dead_lettered_as_base64_within_the_limit()
    {
        var lines = Enumerable.Range(0, 2000).Select(i => LokiPushTests.Entry(DateTimeOffset.UtcNow, $"line {i} {Guid.NewGuid()}")).ToArray();
        var valid = LokiPushTests.Push($"{{app=\"{App("loki")}\"}}", lines);
        var truncated = Snappier.Snappy.CompressToArray(valid[..^5]);

        var (answer, deadLetters) = await SendAsync("/loki/api/v1/push", Content(truncated, "application/x-protobuf"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var deadLetter = Assert.Single(deadLetters);
        var kept = deadLetter.GetProperty("entry_base64").GetBytesFromBase64();
        Assert.Equal(truncated[..Math.Min(truncated.Length, MaxDeadLetterEntryBytes)], kept);
        Assert.Equal(truncated.Length > MaxDeadLetterEntryBytes, deadLetter.TryGetProperty("truncated", out _));
    }

    [Fact]
    public async Task Loki_a_year_9999_entry_is_400_naming_stream_and_entry_and_dead_lettered()
    {
        var app = App("loki");
        var push = LokiPushTests.Push($"{{app=\"{app}\"}}", LokiPushTests.Entry(DateTimeOffset.UtcNow, "fine"),
            LokiPushTests.Entry(new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero), "far future"));

        var (answer, deadLetters) = await SendAsync("/loki/api/v1/push", Content(Snappier.Snappy.CompressToArray(push), "application/x-protobuf"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("stream 0, entry 1", await answer.Content.ReadAsStringAsync());
        Assert.Empty(await StreamLogs.OfApplicationAsync(fixture.Database, app));
        Assert.Contains("stream 0, entry 1", Assert.Single(deadLetters).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Loki_a_huge_repeated_entries_field_is_413_and_a_deeply_nested_JSON_line_is_kept_as_text()
    {
        var now = DateTimeOffset.UtcNow;
        var many = LokiPushTests.Push("{app=\"many\"}", [.. Enumerable.Range(0, 10_001).Select(i => LokiPushTests.Entry(now, "x"))]);
        var (tooMany, _) = await SendAsync("/loki/api/v1/push", Content(Snappier.Snappy.CompressToArray(many), "application/x-protobuf"));

        var app = App("loki");
        var deepLine = string.Concat(Enumerable.Repeat("{\"a\":", 1000)) + "1" + new string('}', 1000);
        var deep = LokiPushTests.Push($"{{app=\"{app}\"}}", LokiPushTests.Entry(now, deepLine));
        var (nested, _) = await SendAsync("/loki/api/v1/push", Content(Snappier.Snappy.CompressToArray(deep), "application/x-protobuf"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, nested.StatusCode);
        Assert.Equal(deepLine, Assert.Single(await StreamLogs.OfApplicationAsync(fixture.Database, app)).Message);
    }

    [Fact]
    public async Task Loki_json_invalid_UTF8_is_400_and_dead_lettered()
    {
        byte[] body = [.. """{"streams":[{"stream":{"app":"x"},"values":[["1700000000000000000","bad """u8, 0xC0, 0xAF, .. "\"]]}]}"u8];

        var (answer, deadLetters) = await SendAsync("/loki/api/v1/push", Content(body, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Single(deadLetters);
    }
}
