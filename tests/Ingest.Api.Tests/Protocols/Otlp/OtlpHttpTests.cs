using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ingest.Api.Tests.Formats;
using Ingest.Api.Tests.Integration;
using LogPlatform.Contracts;
using static Ingest.Api.Tests.Protocols.ProtoWriter;

namespace Ingest.Api.Tests.Protocols.Otlp;

/// <summary>OTLP/HTTP bodies built by hand (protobuf and JSON): partial success, answers, hostile input.</summary>
[Collection(IngestCollection.Name)]
public sealed class OtlpHttpTests(IngestFixture fixture)
{
    private static string App() => "otlp-" + Guid.NewGuid().ToString("N")[..12];

    private static ulong Nanos(DateTimeOffset time) => (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>An ExportLogsServiceRequest with one resource (service.name = app) and one scope holding the records.</summary>
    public static byte[] Request(string app, params byte[][] records)
        => Message(Bytes(1, Message(
            Bytes(1, Message(Bytes(1, Attribute("service.name", app)), Bytes(1, Attribute("host.name", "node-1")))),
            Bytes(2, Message([Bytes(1, Message(String(1, "my.scope"), String(2, "1.2"))), .. records.Select(r => Bytes(2, r))])))));

    private static ByteArrayContent Protobuf(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }

    [Fact]
    public async Task A_rejected_record_is_reported_as_partial_success_and_the_others_are_enqueued()
    {
        var app = App();
        var nested = String(1, "leaf");
        for (var i = 0; i < 40; i++) nested = Bytes(6, Bytes(1, Attribute("k", nested))); // 40 levels of kvlist
        var body = Request(app,
            Message(Fixed64(1, Nanos(new DateTimeOffset(2025, 11, 11, 16, 0, 0, TimeSpan.Zero))), Varint(2, 17), Bytes(5, String(1, "structured next")),
                Bytes(6, Attribute("http.route", "/pay")), Bytes(9, Enumerable.Range(1, 16).Select(i => (byte)i).ToArray()),
                Bytes(10, Enumerable.Range(1, 8).Select(i => (byte)i).ToArray())),
            Message(Fixed64(11, Nanos(new DateTimeOffset(2025, 11, 11, 16, 0, 1, TimeSpan.Zero))), String(3, "WARN"),
                Bytes(5, Bytes(6, Bytes(1, Attribute("order", String(1, "42")))))),
            Message(Fixed64(1, Nanos(new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero))), Bytes(5, String(1, "far future"))),
            Message(Bytes(5, String(1, "too deep")), Bytes(6, Attribute("deep", nested))));
        using var client = fixture.Factory.CreateAuthorizedClient();

        using var response = await client.PostAsync("/v1/logs", Protobuf(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(0x0A, answer[0]); // partial_success, then its length as a varint
        var at = 1;
        while (answer[at] >= 0x80) at++;
        Assert.Equal([0x08, 2], answer[(at + 1)..(at + 3)]); // rejected_log_records = 2
        Assert.Contains("log record 2", Encoding.UTF8.GetString(answer));
        var logs = (await StreamLogs.OfApplicationAsync(fixture.Database, app)).OrderBy(l => l.Timestamp).ToList();
        Assert.Equal(2, logs.Count);
        Assert.Equal(LogSeverity.Error, logs[0].Level);
        Assert.Equal("structured next", logs[0].Message);
        Assert.Equal("node-1", logs[0].Source);
        Assert.Equal("0102030405060708090a0b0c0d0e0f10", logs[0].TraceId);
        Assert.Equal("0102030405060708", logs[0].SpanId);
        Assert.Equal("/pay", logs[0].Properties!.Value.GetProperty("attributes").GetProperty("http.route").GetString());
        Assert.Equal("my.scope", logs[0].Properties!.Value.GetProperty("scope").GetProperty("name").GetString());
        Assert.Equal(LogSeverity.Warn, logs[1].Level);
        Assert.Equal("""{"order":"42"}""", logs[1].Message);
        Assert.Equal("42", logs[1].Properties!.Value.GetProperty("body").GetProperty("order").GetString());
    }

    [Fact]
    public async Task OTLP_JSON_is_mapped_like_protobuf_and_answered_in_JSON()
    {
        var app = App();
        var body = $$$$"""
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"{{{{app}}}}"}},{"key":"service.instance.id","value":{"stringValue":"i-9"}}]},
              "scopeLogs":[{"scope":{"name":"json.scope"},"logRecords":[
                {"timeUnixNano":"1762876800000000000","severityNumber":"SEVERITY_NUMBER_INFO","body":{"stringValue":"hello json"},
                 "attributes":[{"key":"n","value":{"intValue":"7"}},{"key":"list","value":{"arrayValue":{"values":[{"boolValue":true},{"doubleValue":1.5}]}}}],
                 "traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174"},
                {"observedTimeUnixNano":1762876801000000000,"severityNumber":21,"body":{"kvlistValue":{"values":[{"key":"a","value":{"stringValue":"b"}}]}}}]}]}]}
            """;
        using var client = fixture.Factory.CreateAuthorizedClient();

        using var response = await client.PostAsync("/ingest/otlp/v1/logs", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        var logs = (await StreamLogs.OfApplicationAsync(fixture.Database, app)).OrderBy(l => l.Timestamp).ToList();
        Assert.Equal(2, logs.Count);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1762876800), logs[0].Timestamp);
        Assert.Equal("hello json", logs[0].Message);
        Assert.Equal(LogSeverity.Info, logs[0].Level);
        Assert.Equal("i-9", logs[0].Source);
        Assert.Equal("5b8efff798038103d269b633813fc60c", logs[0].TraceId);
        Assert.Equal("""{"n":7,"list":[true,1.5]}""", logs[0].Properties!.Value.GetProperty("attributes").GetRawText());
        Assert.Equal(LogSeverity.Fatal, logs[1].Level);
        Assert.Equal("""{"a":"b"}""", logs[1].Message);
    }

    [Fact]
    public async Task A_body_that_is_not_OTLP_is_400_and_nothing_is_enqueued()
    {
        var app = App();
        var valid = Request(app, Message(Bytes(5, String(1, "before the cut"))));
        using var client = fixture.Factory.CreateAuthorizedClient();

        using var truncated = await client.PostAsync("/v1/logs", Protobuf(valid[..^3]));
        using var garbage = await client.PostAsync("/v1/logs", Protobuf(Encoding.UTF8.GetBytes("this is not protobuf at all")));
        using var notJson = await client.PostAsync("/v1/logs", new StringContent("{\"resourceLogs\":[", Encoding.UTF8, "application/json"));
        using var noKey = await fixture.Factory.CreateClient().PostAsync("/v1/logs", Protobuf(valid));

        Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);
        Assert.Contains("not an OTLP protobuf message", Encoding.UTF8.GetString(await truncated.Content.ReadAsByteArrayAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        using var status = JsonDocument.Parse(await notJson.Content.ReadAsStringAsync());
        Assert.Equal(3, status.RootElement.GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Empty(await StreamLogs.OfApplicationAsync(fixture.Database, app));
    }

    [Fact]
    public async Task Invalid_UTF8_and_NUL_in_strings_are_replaced_not_fatal()
    {
        var app = App();
        var body = Request(app, Message(Bytes(5, Bytes(1, [0x61, 0x00, 0xC3, 0x28]))));
        using var client = fixture.Factory.CreateAuthorizedClient();

        using var response = await client.PostAsync("/v1/logs", Protobuf(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var log = Assert.Single(await StreamLogs.OfApplicationAsync(fixture.Database, app));
        Assert.Equal("a\uFFFD\uFFFD(", log.Message);
    }
}
