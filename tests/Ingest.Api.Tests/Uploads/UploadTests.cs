using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ingest.Api.Tests.Integration;
using LogPlatform.Contracts;

namespace Ingest.Api.Tests.Uploads;

/// <summary><c>POST /api/v1/uploads</c> and its progress through the real ingest and a real Redis.</summary>
[Collection(IngestCollection.Name)]
public sealed class UploadTests(IngestFixture fixture)
{
    private static byte[] SyslogFile(string app, int lines)
    {
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            text.Append("<11>Jun 14 15:16:01 web-").Append(i % 7).Append(' ').Append(app).Append("[42]: request ").Append(i)
                .Append(" served with some padding to make the file a few megabytes ").Append('x', i % 50).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task<JsonElement> UploadAsync(HttpClient client, byte[] file, string fileName, string? format = null)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", fileName);
        if (format is not null) form.Add(new StringContent(format), "format");
        using var response = await client.PostAsync("/api/v1/uploads", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> PollAsync(HttpClient client, string id)
    {
        var polls = 0;
        var status = await Eventually.GetAsync(async () =>
        {
            polls++;
            return JsonDocument.Parse(await client.GetStringAsync($"/api/v1/uploads/{id}")).RootElement.Clone();
        }, s => s.GetProperty("state").GetString() is "done" or "failed", TimeSpan.FromSeconds(60));
        Assert.Equal("done", status.GetProperty("state").GetString());
        return status;
    }

    private async Task<List<LogEvent>> LogsOnStream(string app)
    {
        var logs = new List<LogEvent>();
        foreach (var entry in await fixture.Database.StreamRangeAsync(RedisNames.IngestStream))
        {
            var payload = (byte[])entry[StreamEntryFields.Payload]!;
            if (payload.AsSpan().IndexOf(Encoding.UTF8.GetBytes(app)) < 0) continue;
            logs.AddRange(JsonSerializer.Deserialize(payload, ContractsJsonContext.Default.LogEventArray)!.Where(l => l.Application == app));
        }
        return logs;
    }

    [Fact]
    public async Task A_multi_megabyte_file_is_ingested_in_batches_with_progress_and_uploading_it_again_stores_nothing_twice()
    {
        var app = "up-" + Guid.NewGuid().ToString("N")[..10];
        const int Lines = 40_000;
        var file = SyslogFile(app, Lines);
        using var client = fixture.Factory.CreateAuthorizedClient();

        var accepted = await UploadAsync(client, file, "app.log", "rfc3164");
        var done = await PollAsync(client, accepted.GetProperty("id").GetString()!);
        var logs = await LogsOnStream(app);

        Assert.True(file.Length > 4 * 1024 * 1024, $"{file.Length} bytes");
        Assert.Equal(file.LongLength, accepted.GetProperty("size").GetInt64());
        Assert.Equal(Lines, done.GetProperty("lines_read").GetInt64());
        Assert.Equal(Lines, done.GetProperty("accepted").GetInt64());
        Assert.Equal(0, done.GetProperty("unparsed").GetInt64());
        Assert.Equal(file.LongLength, done.GetProperty("bytes_read").GetInt64());
        Assert.Equal(Lines, logs.Count);
        Assert.Equal(Lines, logs.Select(l => l.Message).Distinct().Count());
        Assert.Equal("request 0 served with some padding to make the file a few megabytes", logs[0].Message);
        Assert.Equal(LogSeverity.Error, logs[0].Level);
        Assert.Equal("web-0", logs[0].Source);

        var again = await UploadAsync(client, file, "app-copy.log", "rfc3164");
        var second = await PollAsync(client, again.GetProperty("id").GetString()!);

        Assert.Equal(accepted.GetProperty("sha256").GetString(), again.GetProperty("sha256").GetString());
        Assert.Equal(0, second.GetProperty("accepted").GetInt64());
        Assert.Equal(Lines, second.GetProperty("duplicates").GetInt64());
        Assert.Equal(Lines, (await LogsOnStream(app)).Count);
    }

    [Fact]
    public async Task A_gzip_file_is_decompressed_and_multi_line_events_and_unparsed_lines_are_kept()
    {
        var app = "upgz-" + Guid.NewGuid().ToString("N")[..10];
        var text = $"""
            level=error app={app} msg="boom"
              at Checkout.Pay()
              at Checkout.Run()
            level=info app={app} msg="fine"
            {app} is not in any format
            """;
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(Encoding.UTF8.GetBytes(text));
        using var client = fixture.Factory.CreateAuthorizedClient();

        var accepted = await UploadAsync(client, compressed.ToArray(), "app.log.gz");
        var done = await PollAsync(client, accepted.GetProperty("id").GetString()!);

        Assert.Equal(5, done.GetProperty("lines_read").GetInt64());
        Assert.Equal(3, done.GetProperty("accepted").GetInt64());
        Assert.Equal(1, done.GetProperty("unparsed").GetInt64());
        using var status = await client.GetAsync("/api/v1/uploads/nope");
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Fact]
    public async Task An_upload_without_a_file_part_or_with_an_unknown_format_is_400_and_without_a_key_401()
    {
        using var client = fixture.Factory.CreateAuthorizedClient();
        using var anonymous = fixture.Factory.CreateClient();
        using var noFile = new MultipartFormDataContent { { new StringContent("rfc3164"), "format" } };
        using var unknown = new MultipartFormDataContent { { new ByteArrayContent("x\n"u8.ToArray()), "file", "a.log" }, { new StringContent("klingon"), "format" } };

        using var noFileAnswer = await client.PostAsync("/api/v1/uploads", noFile);
        using var unknownAnswer = await client.PostAsync("/api/v1/uploads", unknown);
        using var anonymousAnswer = await anonymous.PostAsync("/api/v1/uploads", new StringContent("x"));

        Assert.Equal(HttpStatusCode.BadRequest, noFileAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownAnswer.StatusCode);
        Assert.Contains("klingon", await unknownAnswer.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousAnswer.StatusCode);
    }
}
