using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ingest.Api.Tests.Loghub;
using LogPlatform.Contracts;
using StackExchange.Redis;

namespace Ingest.Api.Tests.Integration;

[Collection(IngestCollection.Name)]
public sealed class LogIngestTests(IngestFixture fixture)
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string UniqueApp() => "it-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<long> Counter(string key) => (long?)await fixture.Database.StringGetAsync(key) ?? 0;

    [Fact]
    public async Task Accepted_logs_are_on_the_stream_in_chunks_with_every_field()
    {
        var app = UniqueApp();
        var lines = LoghubSamples.LoadAll().Take(2500).ToList();
        var body = Encoding.UTF8.GetString(LoghubSamples.ToJsonArray(lines)).Replace("\"application\":\"", $"\"application\":\"{app}-");
        var traceId = ActivityTraceIdHex();
        using var client = fixture.Factory.CreateAuthorizedClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/logs") { Content = Json(body) };
        request.Headers.Add("traceparent", $"00-{traceId}-b7ad6b7169203331-01");
        var acceptedBefore = await Counter(RedisNames.Counters.Accepted);
        var before = DateTimeOffset.UtcNow;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2500, answer.RootElement.GetProperty("accepted").GetInt32());
        var ids = answer.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(3, ids.Length);
        Assert.Equal(2500, await Counter(RedisNames.Counters.Accepted) - acceptedBefore);

        var stored = new List<LogEvent>();
        var counts = new List<int>();
        foreach (var id in ids)
        {
            var entry = Assert.Single(await fixture.Database.StreamRangeAsync(RedisNames.IngestStream, id, id));
            var fields = entry.Values.ToDictionary(v => v.Name.ToString(), v => v.Value);
            Assert.Equal(["p", "n", "tp", "at"], fields.Keys);
            var logs = JsonSerializer.Deserialize((byte[])fields[StreamEntryFields.Payload]!, ContractsJsonContext.Default.LogEventArray)!;
            Assert.Equal(logs.Length, (int)fields[StreamEntryFields.Count]);
            Assert.StartsWith($"00-{traceId}-", fields[StreamEntryFields.TraceParent].ToString());
            var at = DateTimeOffset.FromUnixTimeMilliseconds((long)fields[StreamEntryFields.AcceptedAtUnixMs]);
            Assert.InRange(at, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
            counts.Add(logs.Length);
            stored.AddRange(logs);
        }
        Assert.Equal([1000, 1000, 500], counts);
        Assert.Equal(lines.Select(l => l.Message), stored.Select(l => l.Message));
        Assert.Equal(lines.Select(l => $"{app}-{l.System.ToLowerInvariant()}"), stored.Select(l => l.Application));
        Assert.Equal(lines.Select(l => l.Timestamp), stored.Select(l => (DateTimeOffset?)l.Timestamp));
        Assert.All(stored, l => Assert.InRange(l.ReceivedAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1)));
    }

    [Fact]
    public async Task The_seed_client_flow_works_on_both_paths_and_with_ndjson()
    {
        var app = UniqueApp();
        using var client = fixture.Factory.CreateAuthorizedClient();

        using var seed = await client.PostAsync("/logs", Json($$"""{"timestamp":"2025-11-11T16:00:00","level":"INFO","source":"test","application":"{{app}}","message":"Hello WebSocket!"}"""));
        using var v1 = await client.PostAsync("/api/v1/logs", Json($$$"""[{"level":"warning","application":"{{{app}}}","message":"v1","metadata":{"user_id":123}}]"""));
        using var ndjson = await client.PostAsync("/logs", new StringContent($"{{\"message\":\"a\",\"application\":\"{app}\"}}\n{{\"message\":\"b\",\"application\":\"{app}\"}}\n", Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.Accepted, seed.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, v1.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, ndjson.StatusCode);
        var logs = new List<LogEvent>();
        foreach (var response in new[] { seed, v1, ndjson })
        {
            using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var id = answer.RootElement.GetProperty("entries")[0].GetString()!;
            var entry = Assert.Single(await fixture.Database.StreamRangeAsync(RedisNames.IngestStream, id, id));
            logs.AddRange(JsonSerializer.Deserialize((byte[])entry[StreamEntryFields.Payload]!, ContractsJsonContext.Default.LogEventArray)!);
        }
        Assert.Equal(["Hello WebSocket!", "v1", "a", "b"], logs.Select(l => l.Message));
        Assert.Equal(new DateTimeOffset(2025, 11, 11, 16, 0, 0, TimeSpan.Zero), logs[0].Timestamp);
        Assert.Equal([LogSeverity.Info, LogSeverity.Warn, LogSeverity.Info, LogSeverity.Info], logs.Select(l => l.Level));
        Assert.Equal(123, logs[1].Properties!.Value.GetProperty("user_id").GetInt32());
    }

    [Fact]
    public async Task An_invalid_entry_refuses_the_request_names_it_and_dead_letters_it()
    {
        var app = UniqueApp();
        using var client = fixture.Factory.CreateAuthorizedClient();
        var lengthBefore = await fixture.Database.StreamLengthAsync(RedisNames.IngestStream);
        var rejectedBefore = await Counter(RedisNames.Counters.Rejected);
        var acceptedBefore = await Counter(RedisNames.Counters.Accepted);

        using var response = await client.PostAsync("/logs", Json($$"""
            [{"message":"ok","application":"{{app}}"},
             {"message":"ok","application":"{{app}}"},
             {"message":"ok","application":"{{app}}"},
             {"message":"bad level","level":"loud","application":"{{app}}"},
             {"application":"{{app}}"}]
            """));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        var errors = problem.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("index").GetInt32(), e.GetProperty("field").GetString(), e.GetProperty("error").GetString()!))
            .ToArray();
        Assert.Equal([(3, "level"), (4, "message")], errors.Select(e => (e.Item1, e.Item2)));
        Assert.StartsWith("must be one of trace, debug, info, warn, error, fatal", errors[0].Item3);
        Assert.Equal("is required", errors[1].Item3);

        Assert.Equal(lengthBefore, await fixture.Database.StreamLengthAsync(RedisNames.IngestStream));
        Assert.Equal(acceptedBefore, await Counter(RedisNames.Counters.Accepted));
        Assert.Equal(2, await Counter(RedisNames.Counters.Rejected) - rejectedBefore);
        var deadLetters = (await fixture.Database.ListRangeAsync(RedisNames.DeadLetterList, 0, 1))
            .Select(v => JsonDocument.Parse(v.ToString()).RootElement).Reverse().ToArray();
        Assert.Equal([3, 4], deadLetters.Select(d => d.GetProperty("index").GetInt32()));
        Assert.All(deadLetters, d => Assert.Equal("ingest", d.GetProperty("source").GetString()));
        Assert.StartsWith("level: must be one of", deadLetters[0].GetProperty("reason").GetString());
        Assert.Equal("loud", deadLetters[0].GetProperty("entry").GetProperty("level").GetString());
        Assert.Equal("message: is required", deadLetters[1].GetProperty("reason").GetString());
        Assert.Equal(app, deadLetters[1].GetProperty("entry").GetProperty("application").GetString());
    }

    [Fact]
    public async Task A_big_rejected_entry_is_dead_lettered_truncated()
    {
        var marker = UniqueApp();
        using var client = fixture.Factory.CreateAuthorizedClient();
        var entry = $$"""{"message":"","application":"{{marker}}","pad":"{{new string('x', 20_000)}}"}""";

        using var response = await client.PostAsync("/logs", Json($"[{entry}]"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var deadLetter = JsonDocument.Parse((await fixture.Database.ListGetByIndexAsync(RedisNames.DeadLetterList, 0)).ToString()).RootElement;
        Assert.True(deadLetter.GetProperty("truncated").GetBoolean());
        Assert.Equal(Encoding.UTF8.GetByteCount(entry), deadLetter.GetProperty("entry_bytes").GetInt32());
        Assert.Equal(entry[..(16 * 1024)], deadLetter.GetProperty("entry").GetString());
        Assert.Equal("message: must not be empty", deadLetter.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_and_dead_lettered_as_text()
    {
        var marker = UniqueApp();
        using var client = fixture.Factory.CreateAuthorizedClient();

        using var response = await client.PostAsync("/logs", new StringContent($"level=info message={marker}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("invalid JSON", problem.RootElement.GetProperty("errors")[0].GetProperty("error").GetString());
        var deadLetter = JsonDocument.Parse((await fixture.Database.ListGetByIndexAsync(RedisNames.DeadLetterList, 0)).ToString()).RootElement;
        Assert.Equal($"level=info message={marker}", deadLetter.GetProperty("entry").GetString());
        Assert.StartsWith("invalid JSON", deadLetter.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Without_a_valid_key_the_answer_is_401_and_nothing_is_read()
    {
        using var anonymous = fixture.Factory.CreateClient();
        var lengthBefore = await fixture.Database.StreamLengthAsync(RedisNames.IngestStream);

        using var missing = await anonymous.PostAsync("/logs", Json("""{"message":"m"}"""));
        using var wrongRequest = new HttpRequestMessage(HttpMethod.Post, "/logs") { Content = Json("""{"message":"m"}""") };
        wrongRequest.Headers.Add("X-Api-Key", IngestApiFactory.ApiKey + "x");
        using var wrong = await anonymous.SendAsync(wrongRequest);
        using var schemeRequest = new HttpRequestMessage(HttpMethod.Post, "/api/v1/logs") { Content = Json("""{"message":"m"}""") };
        schemeRequest.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", IngestApiFactory.ApiKey);
        using var scheme = await anonymous.SendAsync(schemeRequest);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-Api-Key", missing.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Accepted, scheme.StatusCode);
        Assert.Equal(lengthBefore + 1, await fixture.Database.StreamLengthAsync(RedisNames.IngestStream));
    }

    [Fact]
    public async Task Bodies_over_the_size_or_count_limit_get_413()
    {
        using var client = fixture.Factory.CreateAuthorizedClient();
        var lengthBefore = await fixture.Database.StreamLengthAsync(RedisNames.IngestStream);
        var big = "[" + string.Join(",", Enumerable.Repeat($$"""{"message":"{{new string('x', 1000)}}"}""", 2200)) + "]";
        var many = "[" + string.Join(",", Enumerable.Repeat("""{"message":"m"}""", 3001)) + "]";

        using var tooBig = await client.PostAsync("/logs", Json(big));
        using var chunked = await client.PostAsync("/logs", new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))));
        using var tooMany = await client.PostAsync("/logs", Json(many));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany.StatusCode);
        Assert.Equal("application/problem+json", tooMany.Content.Headers.ContentType?.MediaType);
        Assert.Equal(lengthBefore, await fixture.Database.StreamLengthAsync(RedisNames.IngestStream));
    }

    [Fact]
    public async Task Above_the_high_water_mark_the_answer_is_429_until_the_backlog_drains()
    {
        await using var busy = new IngestApiFactory(fixture.Redis.ConnectionString, new Dictionary<string, string?> { ["Ingest:HighWaterMark"] = "2" });
        using var busyClient = busy.CreateAuthorizedClient();
        using var client = fixture.Factory.CreateAuthorizedClient();
        for (var i = 0; i < 3; i++) (await client.PostAsync("/logs", Json("""{"message":"fill"}"""))).Dispose();
        // Every entry on the stream is one not yet stored (workers delete what they store).

        using var refused = await Eventually.GetAsync(
            () => busyClient.PostAsync("/logs", Json("""{"message":"m"}""")),
            r => r.StatusCode == HttpStatusCode.TooManyRequests);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        // The workers store everything and delete it from the stream, as they do after each commit: the backlog is empty.
        var waiting = await fixture.Database.StreamRangeAsync(RedisNames.IngestStream);
        await fixture.Database.StreamDeleteAsync(RedisNames.IngestStream, waiting.Select(e => e.Id).ToArray());
        using var admitted = await Eventually.GetAsync(
            () => busyClient.PostAsync("/logs", Json("""{"message":"m"}""")),
            r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.Equal(HttpStatusCode.Accepted, admitted.StatusCode);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_is_not_enqueued_twice()
    {
        var key = Guid.NewGuid().ToString("N");
        using var client = fixture.Factory.CreateAuthorizedClient();
        var lengthBefore = await fixture.Database.StreamLengthAsync(RedisNames.IngestStream);
        var acceptedBefore = await Counter(RedisNames.Counters.Accepted);

        async Task<(HttpStatusCode, JsonElement)> Send(string idempotencyKey)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/logs") { Content = Json("""[{"message":"once"},{"message":"twice?"}]""") };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            using var response = await client.SendAsync(request);
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }

        var (firstStatus, first) = await Send(key);
        var (retryStatus, retry) = await Send(key);
        var (otherStatus, _) = await Send(key + "-other");
        var (badStatus, _) = await Send("has space");

        Assert.Equal(HttpStatusCode.Accepted, firstStatus);
        Assert.False(first.TryGetProperty("duplicate", out _));
        Assert.Equal(1, first.GetProperty("entries").GetArrayLength());
        Assert.Equal(HttpStatusCode.Accepted, retryStatus);
        Assert.True(retry.GetProperty("duplicate").GetBoolean());
        Assert.Equal(2, retry.GetProperty("accepted").GetInt32());
        Assert.Equal(0, retry.GetProperty("entries").GetArrayLength());
        Assert.Equal(HttpStatusCode.Accepted, otherStatus);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Equal(lengthBefore + 2, await fixture.Database.StreamLengthAsync(RedisNames.IngestStream));
        Assert.Equal(4, await Counter(RedisNames.Counters.Accepted) - acceptedBefore);
        Assert.InRange((await fixture.Database.KeyTimeToLiveAsync(RedisNames.IngestIdempotencyPrefix + key))!.Value, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task Default_source_and_application_come_from_headers()
    {
        var app = UniqueApp();
        using var client = fixture.Factory.CreateAuthorizedClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/logs") { Content = Json("""[{"message":"no names"},{"message":"named","source":"own"}]""") };
        request.Headers.Add("X-Log-Source", "host-7");
        request.Headers.Add("X-Log-Application", app);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = answer.RootElement.GetProperty("entries")[0].GetString()!;
        var entry = Assert.Single(await fixture.Database.StreamRangeAsync(RedisNames.IngestStream, id, id));
        var logs = JsonSerializer.Deserialize((byte[])entry[StreamEntryFields.Payload]!, ContractsJsonContext.Default.LogEventArray)!;
        Assert.Equal([("host-7", app), ("own", app)], logs.Select(l => (l.Source, l.Application)));
    }

    [Fact]
    public async Task A_gzip_body_is_decompressed_and_its_size_limit_applies_to_the_decompressed_bytes()
    {
        var app = UniqueApp();
        using var client = fixture.Factory.CreateAuthorizedClient();

        using var small = await client.PostAsync("/logs", Gzip($$"""[{"message":"zipped","application":"{{app}}"}]"""));
        // 2.2 MB of text compresses to a few KB: the 2 MiB limit must still refuse it.
        using var bomb = await client.PostAsync("/logs", Gzip("[" + string.Join(",", Enumerable.Repeat($$"""{"message":"{{new string('x', 1000)}}"}""", 2200)) + "]"));

        Assert.Equal(HttpStatusCode.Accepted, small.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, bomb.StatusCode);
    }

    private static ByteArrayContent Gzip(string body)
    {
        var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(body));
        }
        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }

    [Fact]
    public async Task Openapi_describes_the_endpoints_and_scalar_serves_the_page()
    {
        using var client = fixture.Factory.CreateClient();

        using var openApi = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = openApi.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/logs", "/api/v1/logs" })
        {
            var post = paths.GetProperty(path).GetProperty("post");
            Assert.Equal("Send logs", post.GetProperty("summary").GetString());
            Assert.Equal(["202", "400", "401", "413", "429", "503"], post.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order());
            Assert.True(post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").TryGetProperty("example", out _));
        }
        var scheme = openApi.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));
        using var scalar = await client.GetAsync("/scalar");
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        Assert.Contains("text/html", scalar.Content.Headers.ContentType?.MediaType);
    }

    private static string ActivityTraceIdHex() => System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
}
