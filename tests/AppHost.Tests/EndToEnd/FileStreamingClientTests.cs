using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace AppHost.Tests.EndToEnd;

/// <summary>
/// A log-file tailing client's control flow (start, status, stop, upload at <c>/api/v1/streaming/*</c> on the gateway, with
/// its <c>log_file</c> bodies) against the whole platform: it drives the operator-defined source the AppHost runs, a path
/// the operator did not define is refused, and an upload is the file's content, never a server path.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FileStreamingClientTests(PlatformFixture platform)
{
    private HttpClient Gateway(bool admin = true, bool ingestKey = false)
    {
        var client = platform.App.CreateHttpClient("gateway");
        client.DefaultRequestHeaders.Authorization = new("Bearer", platform.StreamToken);
        if (admin) client.DefaultRequestHeaders.Add("X-Admin-Key", platform.AdminKey);
        if (ingestKey) client.DefaultRequestHeaders.Add("X-Api-Key", platform.IngestApiKey);
        return client;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
        => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Fact]
    public async Task Start_status_and_stop_drive_the_operator_defined_source_and_other_paths_are_refused()
    {
        using var gateway = Gateway();

        using var status = await gateway.GetAsync("/api/v1/streaming/status");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var sources = (await JsonAsync(status)).GetProperty("sources");
        var sample = sources.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "samples");
        var file = sample.GetProperty("files").EnumerateArray().First().GetProperty("file").GetString()!;

        // The seed client names a file; one the sample source tails selects that source.
        using var stop = await gateway.PostAsJsonAsync("/api/v1/streaming/stop", new { log_file = file });
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal("stopped", (await JsonAsync(stop)).GetProperty("sources")[0].GetProperty("state").GetString());
        using var stopped = await gateway.GetAsync("/api/v1/streaming/status");
        Assert.False((await JsonAsync(stopped)).GetProperty("is_streaming").GetBoolean());

        using var start = await gateway.PostAsJsonAsync("/api/v1/streaming/start", new { log_file = "samples" });
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        Assert.Equal("running", (await JsonAsync(start)).GetProperty("sources")[0].GetProperty("state").GetString());

        using var elsewhere = await gateway.PostAsJsonAsync("/api/v1/streaming/start", new { log_file = "/etc/passwd" });
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        Assert.Contains("not an operator-defined source", await elsewhere.Content.ReadAsStringAsync());

        using var noAdmin = Gateway(admin: false);
        using var refused = await noAdmin.GetAsync("/api/v1/streaming/status");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task An_upload_is_the_files_content_and_a_server_path_is_refused()
    {
        using var gateway = Gateway(admin: false, ingestKey: true);

        using var path = await gateway.PostAsJsonAsync("/api/v1/streaming/upload", new { log_file = "/var/log/auth.log" });
        Assert.Equal(HttpStatusCode.BadRequest, path.StatusCode);
        Assert.Contains("never read", await path.Content.ReadAsStringAsync());

        var application = "upload-" + Guid.NewGuid().ToString("N")[..8];
        var lines = string.Join('\n', Enumerable.Range(0, 20).Select(i => $"level=info app={application} msg=\"line {i}\"")) + "\n";
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(lines)), "file", "app.log" },
            { new StringContent("logfmt"), "format" },
        };
        using var upload = await gateway.PostAsync("/api/v1/streaming/upload", form);
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var id = (await JsonAsync(upload)).GetProperty("id").GetString();

        using var ingest = platform.App.CreateHttpClient("ingest");
        ingest.DefaultRequestHeaders.Add("X-Api-Key", platform.IngestApiKey);
        JsonElement job = default;
        for (var attempt = 0; attempt < 120; attempt++)
        {
            job = await JsonAsync(await ingest.GetAsync($"/api/v1/uploads/{id}"));
            if (job.GetProperty("state").GetString() is "done" or "failed") break;
            await Task.Delay(500);
        }
        Assert.Equal("done", job.GetProperty("state").GetString());
        Assert.Equal(20, job.GetProperty("accepted").GetInt64());
    }
}
