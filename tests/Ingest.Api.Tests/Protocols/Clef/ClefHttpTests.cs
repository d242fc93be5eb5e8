using System.IO.Compression;
using System.Net;
using System.Text;
using Ingest.Api.Tests.Formats;
using Ingest.Api.Tests.Integration;
using LogPlatform.Contracts;

namespace Ingest.Api.Tests.Protocols.Clef;

/// <summary>CLEF bodies as Seq clients send them, through the real ingest and a real Redis: answers, keys, hostile input.</summary>
[Collection(IngestCollection.Name)]
public sealed class ClefHttpTests(IngestFixture fixture)
{
    private static StringContent Clef(string body) => new(body, Encoding.UTF8, "application/vnd.serilog.clef");

    private static string App() => "clef-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task A_batch_is_201_with_Seqs_answer_and_the_key_may_come_as_X_Seq_ApiKey_or_apiKey()
    {
        var app = App();
        using var client = fixture.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/clef")
        {
            Content = Clef($$"""
                {"@t":"2025-11-11T16:00:00.1234567Z","@mt":"Hello {Name}","Name":"world","Application":"{{app}}"}
                {"@t":"2025-11-11T16:00:01Z","@m":"Already rendered","@l":"Warning","@i":"a1b2","@@odd":1,"Application":"{{app}}","@tr":"4bf92f3577b34da6a3ce929d0e0e4736","@sp":"00f067aa0ba902b7"}
                """),
        };
        request.Headers.Add("X-Seq-ApiKey", IngestApiFactory.ApiKey);
        using var viaHeader = await client.SendAsync(request);
        using var viaQuery = await client.PostAsync($"/api/events/raw?apiKey={IngestApiFactory.ApiKey}",
            Clef($$"""{"@mt":"single {X}","X":[1,{"a":"b"}],"Application":"{{app}}","@l":"Verbose"}"""));
        using var noKey = await client.PostAsync("/api/events/raw", Clef("""{"@mt":"x"}"""));

        Assert.Equal(HttpStatusCode.Created, viaHeader.StatusCode);
        Assert.Equal("""{"MinimumLevelAccepted":null}""", await viaHeader.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, viaQuery.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);

        var logs = (await StreamLogs.OfApplicationAsync(fixture.Database, app)).OrderBy(l => l.Timestamp).ToList();
        Assert.Equal(3, logs.Count);
        var hello = logs.Single(l => l.Message == "Hello \"world\"");
        Assert.Equal(new DateTimeOffset(2025, 11, 11, 16, 0, 0, TimeSpan.Zero).AddTicks(1234567), hello.Timestamp);
        Assert.Equal(LogSeverity.Info, hello.Level);
        var rendered = logs.Single(l => l.Message == "Already rendered");
        Assert.Equal(LogSeverity.Warn, rendered.Level);
        Assert.Equal("a1b2", rendered.Property("event_id"));
        Assert.Equal("1", rendered.Property("@odd"));
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", rendered.TraceId);
        Assert.Equal("00f067aa0ba902b7", rendered.SpanId);
        var single = logs.Single(l => l.Level == LogSeverity.Trace);
        Assert.Equal("single [1, { a: \"b\" }]", single.Message);
    }

    [Fact]
    public async Task A_key_with_a_minimum_level_is_answered_with_it_as_Seq_does()
    {
        await using var factory = new IngestApiFactory(fixture.Redis.ConnectionString, new Dictionary<string, string?>
        {
            [$"Ingest:Clef:MinimumLevels:{IngestApiFactory.ApiKey}"] = "Warning",
        });
        using var client = factory.CreateAuthorizedClient();

        using var response = await client.PostAsync("/api/events/raw", Clef($$"""{"@mt":"x","Application":"{{App()}}"}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("""{"MinimumLevelAccepted":"Warning"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_bad_line_is_400_naming_it_nothing_is_enqueued_and_the_line_is_dead_lettered()
    {
        var app = App();
        using var client = fixture.Factory.CreateAuthorizedClient();
        var deadBefore = await fixture.Database.ListLengthAsync(RedisNames.DeadLetterList);
        using var response = await client.PostAsync("/api/events/raw", Clef($$"""
            {"@mt":"fine","Application":"{{app}}"}

            {"@mt":"broken",
            {"@t":"9999-12-31T00:00:00Z","@mt":"far future"}
            """));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadAsStringAsync();
        Assert.Contains("line 3: invalid JSON", error);
        Assert.Contains("line 4: @t is more than", error);
        Assert.Empty(await StreamLogs.OfApplicationAsync(fixture.Database, app));
        Assert.True(await fixture.Database.ListLengthAsync(RedisNames.DeadLetterList) >= deadBefore + 2);
    }

    [Fact]
    public async Task Seqs_older_Events_envelope_is_read_as_CLEF_and_a_bad_event_is_named_by_its_place()
    {
        var app = App();
        using var client = fixture.Factory.CreateAuthorizedClient();
        using var accepted = await client.PostAsync("/api/events/raw", new StringContent($$$"""
            {"Events":[
              {"Timestamp":"2025-11-11T16:00:00Z","Level":"Warning","MessageTemplate":"Stock low for {Sku}",
               "Properties":{"Sku":"A-7","Application":"{{{app}}}","@odd":1}},
              {"Timestamp":"2025-11-11T16:00:01Z","Level":"Error","MessageTemplate":"Payment failed","Exception":"Error: declined",
               "TraceId":null,"Properties":{"Application":"{{{app}}}"}}
            ]}
            """, Encoding.UTF8, "application/json"));
        using var bad = await client.PostAsync("/api/events/raw", new StringContent($$$"""
            {"Events":[{"MessageTemplate":"fine","Properties":{"Application":"{{{app}}}"}},"not an event"]}
            """, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("event 2: an event must be a JSON object", await bad.Content.ReadAsStringAsync());
        var logs = (await StreamLogs.OfApplicationAsync(fixture.Database, app)).OrderBy(l => l.Timestamp).ToList();
        Assert.Equal(2, logs.Count);
        Assert.Equal("Stock low for \"A-7\"", logs[0].Message);
        Assert.Equal(LogSeverity.Warn, logs[0].Level);
        Assert.Equal("1", logs[0].Property("@odd"));
        Assert.Equal("Stock low for {Sku}", logs[0].Property("message_template"));
        Assert.Equal(LogSeverity.Error, logs[1].Level);
        Assert.Equal("Error: declined", logs[1].Property("exception"));
    }

    [Fact]
    public async Task Hostile_bodies_get_a_clear_4xx()
    {
        using var client = fixture.Factory.CreateAuthorizedClient();
        var deep = "{\"@mt\":\"x\",\"P\":" + string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200) + "}";
        using var tooDeep = await client.PostAsync("/ingest/clef", Clef(deep));
        using var invalidUtf8 = await client.PostAsync("/ingest/clef", new ByteArrayContent([.. "{\"@mt\":\"x\",\"P\":\""u8, 0xC3, 0x28, .. "\"}"u8]));
        using var nul = await client.PostAsync("/ingest/clef", Clef("{\"@mt\":\"x\\u0000\"}"));
        using var notJson = await client.PostAsync("/ingest/clef", Clef("hello"));
        using var empty = await client.PostAsync("/ingest/clef", Clef("\n\n"));

        Assert.Equal(HttpStatusCode.BadRequest, tooDeep.StatusCode);
        Assert.Contains("line 1", await tooDeep.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, invalidUtf8.StatusCode);
        Assert.Contains("UTF-8", await invalidUtf8.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task A_template_with_a_thousand_holes_is_rendered_within_the_message_limit()
    {
        var app = App();
        var template = string.Concat(Enumerable.Range(0, 1000).Select(i => $"{{P{i % 50}}} {{Missing{i}}} "));
        var properties = string.Concat(Enumerable.Range(0, 50).Select(i => $",\"P{i}\":\"{new string('v', 200)}\""));
        using var client = fixture.Factory.CreateAuthorizedClient();
        using var response = await client.PostAsync("/ingest/clef", Clef($$"""{"@mt":"{{template}}","Application":"{{app}}"{{properties}}}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var log = Assert.Single(await StreamLogs.OfApplicationAsync(fixture.Database, app));
        Assert.True(Encoding.UTF8.GetByteCount(log.Message) <= 64 * 1024);
        Assert.NotNull(log.Property("truncated_bytes"));
    }

    [Fact]
    public async Task A_gzip_bomb_is_413_and_a_corrupt_gzip_body_is_400()
    {
        using var client = fixture.Factory.CreateAuthorizedClient();
        var bomb = new MemoryStream();
        using (var gzip = new GZipStream(bomb, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 64; i++) gzip.Write(zeros); // 64 MiB of zeros, about 64 KiB compressed
        }
        var bombContent = new ByteArrayContent(bomb.ToArray());
        bombContent.Headers.ContentEncoding.Add("gzip");
        using var exploded = await client.PostAsync("/api/events/raw", bombContent);
        var corrupt = new ByteArrayContent([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5]);
        corrupt.Headers.ContentEncoding.Add("gzip");
        using var broken = await client.PostAsync("/api/events/raw", corrupt);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, exploded.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
    }
}
