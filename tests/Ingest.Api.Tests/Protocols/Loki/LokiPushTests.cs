using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Ingest.Api.Tests.Formats;
using Ingest.Api.Tests.Integration;
using LogPlatform.Contracts;
using Snappier;
using static Ingest.Api.Tests.Protocols.ProtoWriter;

namespace Ingest.Api.Tests.Protocols.Loki;

/// <summary>
/// Loki push requests as promtail / Alloy send them (snappy-compressed <c>logproto.PushRequest</c>, built field by field here)
/// and as JSON, through the real ingest and a real Redis.
/// </summary>
[Collection(IngestCollection.Name)]
public sealed class LokiPushTests(IngestFixture fixture)
{
    private static string App() => "loki-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>An <c>EntryAdapter</c>: a Timestamp, the line, structured metadata pairs.</summary>
    public static byte[] Entry(DateTimeOffset time, string line, params (string Name, string Value)[] metadata)
    {
        var seconds = time.ToUnixTimeSeconds();
        var nanos = (time - DateTimeOffset.FromUnixTimeSeconds(seconds)).Ticks * 100;
        return Message([Bytes(1, Message(Varint(1, (ulong)seconds), Varint(2, (ulong)nanos))), String(2, line),
            .. metadata.Select(m => Bytes(3, Message(String(1, m.Name), String(2, m.Value))))]);
    }

    public static byte[] Push(string labels, params byte[][] entries)
        => Message(Bytes(1, Message([String(1, labels), .. entries.Select(e => Bytes(2, e))])));

    private static ByteArrayContent Snappy(byte[] protobuf)
    {
        var content = new ByteArrayContent(Snappier.Snappy.CompressToArray(protobuf));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }

    [Fact]
    public async Task A_snappy_protobuf_push_is_204_with_labels_metadata_and_line_fields_mapped()
    {
        var app = App();
        var at = new DateTimeOffset(2025, 11, 11, 16, 0, 0, TimeSpan.Zero).AddTicks(1234);
        var push = Push($"{{app=\"{app}\", host=\"node-4\", env=\"prod\", quote=\"a\\\"b\"}}",
            Entry(at, "level=error msg=\"disk full\" device=sda1", ("trace_id", "abc")),
            Entry(at.AddSeconds(1), """{"level":"warn","user":{"id":7},"msg":"slow"}"""),
            Entry(at.AddSeconds(2), "plain text line"));
        using var client = fixture.Factory.CreateAuthorizedClient();

        using var response = await client.PostAsync("/loki/api/v1/push", Snappy(push));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var logs = (await StreamLogs.OfApplicationAsync(fixture.Database, app)).OrderBy(l => l.Timestamp).ToList();
        Assert.Equal(3, logs.Count);
        Assert.Equal(at, logs[0].Timestamp);
        Assert.All(logs, l => Assert.Equal("node-4", l.Source));
        Assert.All(logs, l => Assert.Equal("loki", l.Property("ingest_protocol")));
        Assert.Equal([LogSeverity.Error, LogSeverity.Warn, LogSeverity.Info], logs.Select(l => l.Level));
        Assert.Equal("level=error msg=\"disk full\" device=sda1", logs[0].Message);
        Assert.Equal("sda1", logs[0].Property("device"));
        Assert.Equal("prod", logs[0].Properties!.Value.GetProperty("labels").GetProperty("env").GetString());
        Assert.Equal("a\"b", logs[0].Properties!.Value.GetProperty("labels").GetProperty("quote").GetString());
        Assert.Equal("abc", logs[0].Properties!.Value.GetProperty("metadata").GetProperty("trace_id").GetString());
        Assert.Equal(7, logs[1].Properties!.Value.GetProperty("user").GetProperty("id").GetInt32());
        Assert.Equal("plain text line", logs[2].Message);
    }

    [Fact]
    public async Task A_JSON_push_is_mapped_and_a_bad_entry_is_400_naming_stream_and_entry()
    {
        var app = App();
        var ns = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        using var client = fixture.Factory.CreateAuthorizedClient();
        using var good = await client.PostAsync("/loki/api/v1/push", new StringContent($$"""
            {"streams":[{"stream":{"service_name":"{{app}}","detected_level":"debug"},"values":[["{{ns}}","hello loki",{"pod":"p-1"}]]}]}
            """, Encoding.UTF8, "application/json"));
        using var bad = await client.PostAsync("/loki/api/v1/push", new StringContent($$"""
            {"streams":[{"stream":{"app":"{{app}}-bad"},"values":[["{{ns}}","ok"]]},{"stream":{"app":"x"},"values":[["{{ns}}","ok"],["soon","not a time"]]}]}
            """, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NoContent, good.StatusCode);
        var log = Assert.Single(await StreamLogs.OfApplicationAsync(fixture.Database, app));
        Assert.Equal("hello loki", log.Message);
        Assert.Equal(LogSeverity.Debug, log.Level);
        Assert.Equal("p-1", log.Properties!.Value.GetProperty("metadata").GetProperty("pod").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("stream 1, entry 1", await bad.Content.ReadAsStringAsync());
        Assert.Empty(await StreamLogs.OfApplicationAsync(fixture.Database, app + "-bad"));
    }

    [Fact]
    public async Task Hostile_pushes_get_a_clear_4xx()
    {
        using var client = fixture.Factory.CreateAuthorizedClient();
        var valid = Push("{app=\"x\"}", Entry(DateTimeOffset.UtcNow, "line"));
        var truncated = new ByteArrayContent(Snappier.Snappy.CompressToArray(valid[..^2]));
        truncated.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        // A snappy header announcing 1 GiB: refused before anything is allocated.
        var bomb = new ByteArrayContent([0x80, 0x80, 0x80, 0x80, 0x04, 0x00, 0x61]);
        bomb.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        var notSnappy = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"streams\":[]}"));
        notSnappy.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");

        using var truncatedAnswer = await client.PostAsync("/loki/api/v1/push", truncated);
        using var bombAnswer = await client.PostAsync("/loki/api/v1/push", bomb);
        using var notSnappyAnswer = await client.PostAsync("/loki/api/v1/push", notSnappy);
        using var future = await client.PostAsync("/loki/api/v1/push", Snappy(Push("{app=\"x\"}", Entry(new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero), "l"))));

        Assert.Equal(HttpStatusCode.BadRequest, truncatedAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, bombAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notSnappyAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Contains("stream 0, entry 0", await future.Content.ReadAsStringAsync());
    }
}
