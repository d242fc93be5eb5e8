using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ingest.Api.Tests.Integration;
using Ingest.Api.Tests.Protocols.Loki;
using Ingest.Api.Tests.Protocols.Otlp;
using LogPlatform.Contracts;
using static Ingest.Api.Tests.Protocols.ProtoWriter;

namespace Ingest.Api.Tests.Protocols;

/// <summary>
/// A key with a minimum level (Ingest:Clef:MinimumLevels) drops the logs below it on the server, whatever the door, so a
/// client that ignores Seq's MinimumLevelAccepted cannot flood; the same logs under a key without one are all kept.
/// Real ingest, real Redis.
/// </summary>
[Collection(IngestCollection.Name)]
public sealed class MinimumLevelTests(IngestFixture fixture)
{
    private const string QuietKey = "quiet-key-warning";

    private IngestApiFactory Factory() => new(fixture.Redis.ConnectionString, new Dictionary<string, string?>
    {
        ["Ingest:ApiKeys:1"] = QuietKey,
        [$"Ingest:Clef:MinimumLevels:{QuietKey}"] = "Warning",
    });

    private static HttpClient Client(IngestApiFactory factory, string key)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static string App(string door) => $"min-{door}-" + Guid.NewGuid().ToString("N")[..10];

    private static ByteArrayContent Protobuf(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }

    /// <summary>One request per door, each with logs at debug, info, warn and error, for the application <paramref name="app"/>(door).</summary>
    private static async Task SendEveryDoorAsync(HttpClient client, Func<string, string> app)
    {
        var clef = $$"""
            {"@mt":"debug","@l":"Debug","Application":"{{app("clef")}}"}
            {"@mt":"info","Application":"{{app("clef")}}"}
            {"@mt":"warn","@l":"Warning","Application":"{{app("clef")}}"}
            {"@mt":"error","@l":"Error","Application":"{{app("clef")}}"}
            """;
        using var clefAnswer = await client.PostAsync("/api/events/raw", new StringContent(clef, Encoding.UTF8, "application/vnd.serilog.clef"));
        Assert.Equal(HttpStatusCode.Created, clefAnswer.StatusCode);

        var json = string.Join(",", new[] { "debug", "info", "warn", "error" }.Select(l => $$"""{"level":"{{l}}","message":"{{l}}","application":"{{app("json")}}"}"""));
        using var jsonAnswer = await client.PostAsync("/logs", new StringContent($"[{json}]", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, jsonAnswer.StatusCode);

        var text = string.Concat(new[] { "debug", "info", "warn", "error" }.Select(l => $"level={l} msg={l} app={app("text")}\n"));
        using var textAnswer = await client.PostAsync("/logs?format=logfmt", new StringContent(text, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, textAnswer.StatusCode);

        // OTLP severity numbers: 5 debug, 9 info, 13 warn, 17 error.
        var otlp = OtlpHttpTests.Request(app("otlp"), [.. new ulong[] { 5, 9, 13, 17 }.Select(n => Message(Varint(2, n), Bytes(5, String(1, $"severity {n}"))))]);
        using var otlpAnswer = await client.PostAsync("/v1/logs", Protobuf(otlp));
        Assert.Equal(HttpStatusCode.OK, otlpAnswer.StatusCode);

        var now = DateTimeOffset.UtcNow;
        var loki = LokiPushTests.Push($"{{app=\"{app("loki")}\"}}",
            [.. new[] { "debug", "info", "warn", "error" }.Select((l, i) => LokiPushTests.Entry(now.AddMilliseconds(i), $"level={l} msg={l}"))]);
        var lokiContent = new ByteArrayContent(Snappier.Snappy.CompressToArray(loki));
        lokiContent.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var lokiAnswer = await client.PostAsync("/loki/api/v1/push", lokiContent);
        Assert.Equal(HttpStatusCode.NoContent, lokiAnswer.StatusCode);
    }

    private static readonly string[] Doors = ["clef", "json", "text", "otlp", "loki"];

    [Fact]
    public async Task Logs_below_the_keys_minimum_level_are_dropped_on_the_server_by_every_door()
    {
        await using var factory = Factory();
        using var client = Client(factory, QuietKey);
        var apps = Doors.ToDictionary(d => d, App);

        await SendEveryDoorAsync(client, d => apps[d]);

        foreach (var door in Doors)
        {
            var logs = await StreamLogs.OfApplicationAsync(fixture.Database, apps[door]);
            Assert.True(logs.Count == 2, $"{door}: {logs.Count} logs stored, expected the warn and the error");
            Assert.Equal([LogSeverity.Warn, LogSeverity.Error], logs.Select(l => l.Level).Order());
        }
    }

    [Fact]
    public async Task The_same_logs_under_a_key_without_a_minimum_level_are_all_kept()
    {
        await using var factory = Factory();
        using var client = Client(factory, IngestApiFactory.ApiKey);
        var apps = Doors.ToDictionary(d => d, App);

        await SendEveryDoorAsync(client, d => apps[d]);

        foreach (var door in Doors)
        {
            var logs = await StreamLogs.OfApplicationAsync(fixture.Database, apps[door]);
            Assert.True(logs.Count == 4, $"{door}: {logs.Count} logs stored, expected all four");
        }
    }

    [Fact]
    public async Task Post_logs_says_how_many_it_dropped_below_the_minimum_level()
    {
        await using var factory = Factory();
        using var client = Client(factory, QuietKey);
        var app = App("answer");

        using var answer = await client.PostAsync("/logs", new StringContent(
            $$"""[{"level":"debug","message":"a","application":"{{app}}"},{"level":"trace","message":"b","application":"{{app}}"},{"level":"fatal","message":"c","application":"{{app}}"}]""",
            Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.Equal(1, body.RootElement.GetProperty("accepted").GetInt32());
        Assert.Equal(2, body.RootElement.GetProperty("below_minimum_level").GetInt32());
        Assert.Equal("c", Assert.Single(await StreamLogs.OfApplicationAsync(fixture.Database, app)).Message);
    }
}
