using System.Net;
using System.Text;
using System.Text.Json;
using Ingest.Api.Tests.Integration;
using LogPlatform.Contracts;

namespace Ingest.Api.Tests.Formats;

/// <summary><c>POST /logs</c> with <c>text/plain</c> through the real ingest and a real Redis.</summary>
[Collection(IngestCollection.Name)]
public sealed class TextIngestTests(IngestFixture fixture)
{
    private async Task<long> Counter(string key) => (long?)await fixture.Database.StringGetAsync(key) ?? 0;

    [Fact]
    public async Task Mixed_text_lines_land_on_the_stream_parsed_with_the_formats_counted()
    {
        var app = "it-" + Guid.NewGuid().ToString("N")[..12];
        var body = $$"""
            <34>1 2003-10-11T22:14:15.003Z mymachine {{app}} - ID47 - 'su root' failed
            Jun 14 15:16:01 combo {{app}}[19939]: authentication failure; rhost=218.188.2.4
               continued on an indented line
            127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /x HTTP/1.1" 503 12
            level=warn msg="disk almost full" app={{app}}
            CEF:0|Security|{{app}}|1.0|100|worm stopped|10|src=10.0.0.1
            {"message":"from json","level":"debug","application":"{{app}}"}
            no format for this one
            """;
        using var client = fixture.Factory.CreateAuthorizedClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/logs") { Content = new StringContent(body, Encoding.UTF8, "text/plain") };
        request.Headers.Add("X-Log-Application", app);
        var unparsedBefore = await Counter(RedisNames.Counters.Unparsed);
        var acceptedBefore = await Counter(RedisNames.Counters.Accepted);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(7, answer.RootElement.GetProperty("accepted").GetInt32());
        var formats = answer.RootElement.GetProperty("formats").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(new Dictionary<string, int>
        {
            ["rfc5424"] = 1, ["rfc3164"] = 1, ["access"] = 1, ["logfmt"] = 1, ["cef"] = 1, ["json"] = 1, ["unparsed"] = 1,
        }, formats);
        Assert.Equal(1, await Counter(RedisNames.Counters.Unparsed) - unparsedBefore);
        Assert.Equal(7, await Counter(RedisNames.Counters.Accepted) - acceptedBefore);

        var id = Assert.Single(answer.RootElement.GetProperty("entries").EnumerateArray()).GetString()!;
        var entry = Assert.Single(await fixture.Database.StreamRangeAsync(RedisNames.IngestStream, id, id));
        var payload = (byte[])entry.Values.Single(v => v.Name == StreamEntryFields.Payload).Value!;
        var logs = JsonSerializer.Deserialize(payload, ContractsJsonContext.Default.LogEventArray)!;
        Assert.Equal(
            ["'su root' failed", "authentication failure; rhost=218.188.2.4\n   continued on an indented line", "127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /x HTTP/1.1\" 503 12",
             "disk almost full", "worm stopped", "from json", "no format for this one"],
            logs.Select(l => l.Message));
        Assert.Equal([LogSeverity.Fatal, LogSeverity.Info, LogSeverity.Error, LogSeverity.Warn, LogSeverity.Fatal, LogSeverity.Debug, LogSeverity.Info],
            logs.Select(l => l.Level));
        Assert.All(logs, l => Assert.Equal(app, l.Application));
        Assert.Equal(["mymachine", "combo"], logs.Take(2).Select(l => l.Source));
        Assert.Equal(new DateTimeOffset(2003, 10, 11, 22, 14, 15, 3, TimeSpan.Zero), logs[0].Timestamp);
        Assert.Equal("503", logs[2].Property("status"));
        Assert.StartsWith("auto: no format matched", logs[6].Property("parse_error"));
        Assert.All(logs, l => Assert.NotNull(l.TraceId));
    }

    [Fact]
    public async Task An_unknown_format_is_400_naming_it_and_a_header_can_name_the_format()
    {
        using var client = fixture.Factory.CreateAuthorizedClient();
        using var unknown = await client.PostAsync("/logs?format=klingon", new StringContent("x", Encoding.UTF8, "text/plain"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/logs") { Content = new StringContent("Jun 14 15:16:01 h a: m\n", Encoding.UTF8, "text/plain") };
        request.Headers.Add("X-Log-Format", "rfc3164");
        using var named = await client.SendAsync(request);
        using var empty = await client.PostAsync("/logs?format=logfmt", new StringContent("\n\n", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("Unknown log format 'klingon'", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, named.StatusCode);
        Assert.Contains("\"formats\":{\"rfc3164\":1}", await named.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }
}
