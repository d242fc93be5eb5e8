using System.Net;
using System.Text;
using System.Text.Json;
using Ingest.Api.Tests.Integration;
using LogPlatform.Contracts;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Tests.Sources;

/// <summary>Operator-defined sources: ingest tails configured files into the real Redis stream; start/stop/status behind the admin key.</summary>
[Collection(IngestCollection.Name)]
public sealed class SourceTests(IngestFixture fixture) : IAsyncLifetime
{
    private const string AdminKey = "test-admin-key";
    private readonly DirectoryInfo _allowed = Directory.CreateTempSubdirectory("ingest-sources-");
    private readonly string _application = "src-" + Guid.NewGuid().ToString("N")[..10];
    private IngestApiFactory _ingest = null!;

    private string LogFile => Path.Combine(_allowed.FullName, "logs", "app.log");

    private static IEnumerable<string> Lines(int from, int count) => Enumerable.Range(from, count).Select(i => $"level=warn seq={i} msg=\"line {i}\"");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LogFile)!);
        File.WriteAllLines(LogFile, Lines(0, 100));
        _ingest = new IngestApiFactory(fixture.Redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Admin:Key"] = AdminKey,
            ["Sources:AllowedDirectories:0"] = _allowed.FullName,
            ["Sources:StateDirectory"] = Path.Combine(_allowed.FullName, "state"),
            ["Sources:Definitions:app:Glob"] = Path.Combine(_allowed.FullName, "logs", "*.log"),
            ["Sources:Definitions:app:Format"] = "logfmt",
            ["Sources:Definitions:app:Application"] = _application,
            ["Sources:Definitions:manual:Glob"] = Path.Combine(_allowed.FullName, "logs", "other-*.txt"),
            ["Sources:Definitions:manual:Format"] = "syslog",
            ["Sources:Definitions:manual:AutoStart"] = "false",
        });
        return Task.CompletedTask;
    }

    private HttpClient Admin()
    {
        var client = _ingest.CreateClient();
        client.DefaultRequestHeaders.Add("X-Admin-Key", AdminKey);
        return client;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<JsonElement> SourceAsync(HttpClient client, string name)
        => (await JsonAsync(await client.GetAsync("/api/v1/sources"))).GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);

    /// <summary>The seq numbers of this test's logs on the ingest stream, in stream order.</summary>
    private async Task<List<int>> SeqsOnStreamAsync()
    {
        var seqs = new List<int>();
        foreach (var entry in await fixture.Database.StreamRangeAsync(RedisNames.IngestStream))
        {
            var payload = (byte[])entry[StreamEntryFields.Payload]!;
            if (payload.AsSpan().IndexOf(Encoding.UTF8.GetBytes(_application)) < 0) continue;
            foreach (var log in JsonSerializer.Deserialize(payload, ContractsJsonContext.Default.LogEventArray)!.Where(l => l.Application == _application))
            {
                var seq = log.Properties!.Value.GetProperty("seq");
                seqs.Add(seq.ValueKind == JsonValueKind.Number ? seq.GetInt32() : int.Parse(seq.GetString()!, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return seqs;
    }

    [Fact]
    public async Task Without_the_admin_key_nothing_is_shown_or_done()
    {
        using var anonymous = _ingest.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/sources")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/v1/sources/app/stop", null)).StatusCode);
        using var ingestKeyOnly = _ingest.CreateAuthorizedClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await ingestKeyOnly.GetAsync("/api/v1/sources")).StatusCode);
        using var wrong = _ingest.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Admin-Key", AdminKey + "x");
        var refused = await wrong.PostAsync("/api/v1/sources/app/start", null);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("admin key", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_source_is_404()
    {
        using var client = Admin();
        var response = await client.PostAsync("/api/v1/sources/nope/start", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nope", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/v1/sources/nope/stop", null)).StatusCode);
        // A path is not a name.
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/v1/sources/%2Fetc%2Fpasswd/start", null)).StatusCode);
    }

    [Fact]
    public async Task A_source_ships_its_files_stops_and_starts_again_where_it_stopped()
    {
        using var client = Admin();
        var manual = await SourceAsync(client, "manual");
        Assert.Equal("stopped", manual.GetProperty("state").GetString());
        Assert.Equal("syslog", manual.GetProperty("format").GetString());

        var seqs = await Eventually.GetAsync(SeqsOnStreamAsync, s => s.Count >= 100, TimeSpan.FromSeconds(60));
        Assert.True(seqs.Count == 100, $"{seqs.Count} logs on the stream; the source: {await SourceAsync(client, "app")}");
        Assert.Equal(Enumerable.Range(0, 100), seqs);
        var app = await Eventually.GetAsync(() => SourceAsync(client, "app"),
            s => s.GetProperty("files").GetArrayLength() == 1 && s.GetProperty("files")[0].GetProperty("lag_bytes").GetInt64() == 0, TimeSpan.FromSeconds(30));
        Assert.Equal("running", app.GetProperty("state").GetString());
        Assert.Equal("logfmt", app.GetProperty("format").GetString());
        Assert.EndsWith("*.log", app.GetProperty("glob").GetString());
        Assert.Equal(100, app.GetProperty("lines_total").GetInt64());
        var file = app.GetProperty("files")[0];
        Assert.Equal(LogFile, file.GetProperty("file").GetString());
        Assert.Equal(new FileInfo(LogFile).Length, file.GetProperty("offset").GetInt64());
        Assert.Equal(new FileInfo(LogFile).Length, file.GetProperty("size").GetInt64());

        var stopped = await JsonAsync(await client.PostAsync("/api/v1/sources/app/stop", null));
        Assert.Equal("stopped", stopped.GetProperty("state").GetString());
        File.AppendAllLines(LogFile, Lines(100, 50));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(100, (await SeqsOnStreamAsync()).Count);

        var started = await JsonAsync(await client.PostAsync("/api/v1/sources/app/start", null));
        Assert.Equal("running", started.GetProperty("state").GetString());
        seqs = await Eventually.GetAsync(SeqsOnStreamAsync, s => s.Count >= 150, TimeSpan.FromSeconds(60));
        Assert.Equal(Enumerable.Range(0, 150), seqs);
        app = await Eventually.GetAsync(() => SourceAsync(client, "app"), s => s.GetProperty("lines_total").GetInt64() == 150, TimeSpan.FromSeconds(30));
        Assert.Equal(JsonValueKind.Null, app.GetProperty("last_error").ValueKind);
    }

    [Theory]
    [InlineData("/etc/*.conf", "outside Sources:AllowedDirectories")]
    [InlineData("relative/*.log", "is not an absolute path")]
    [InlineData("{allowed}/../*.log", "may not contain '..'")]
    [InlineData("{allowed}/*/app.log", "wildcards are allowed in the file name only")]
    public async Task A_glob_outside_the_allowed_directories_stops_the_start_with_a_clear_message(string glob, string message)
    {
        await using var ingest = new IngestApiFactory(fixture.Redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Sources:AllowedDirectories:0"] = _allowed.FullName,
            ["Sources:Definitions:bad:Glob"] = glob.Replace("{allowed}", _allowed.FullName, StringComparison.Ordinal),
        });
        var error = Assert.ThrowsAny<Exception>(() => ingest.CreateClient());
        var validation = error as OptionsValidationException ?? error.InnerException as OptionsValidationException;
        Assert.NotNull(validation);
        Assert.Contains("Sources:Definitions:bad:Glob", validation.Message);
        Assert.Contains(message, validation.Message);
    }

    public async Task DisposeAsync()
    {
        await _ingest.DisposeAsync();
        _allowed.Delete(recursive: true);
    }
}
