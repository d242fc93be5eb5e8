using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Uploads;

/// <summary>
/// Ingest's upload API, called from the dashboard's server: the ingest key stays here, the browser only talks to its
/// Blazor circuit. Registered without the resilience handler: a file streamed once cannot be retried, and its upload may
/// take longer than the standard attempt timeout.
/// </summary>
public sealed class IngestUploadClient
{
    private readonly HttpClient _http;

    public IngestUploadClient(HttpClient http, IOptions<DashboardOptions> options)
    {
        _http = http;
        _http.BaseAddress ??= new Uri(options.Value.IngestService);
        _http.Timeout = Timeout.InfiniteTimeSpan; // the caller's cancellation bounds it (the circuit, the page)
        if (options.Value.IngestApiKey.Length > 0) _http.DefaultRequestHeaders.Add("X-Api-Key", options.Value.IngestApiKey);
    }

    /// <summary>Streams the file to <c>POST /api/v1/uploads</c>; returns the job Ingest answered (202) or the reason it refused.</summary>
    public async Task<UploadStart> StartAsync(Stream file, string fileName, string format, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        var part = new StreamContent(file, 64 * 1024);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", fileName);
        form.Add(new StringContent(format), "format");
        using var response = await _http.PostAsync("/api/v1/uploads", form, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return new UploadStart(null, $"Ingest answered {(int)response.StatusCode}: {await ProblemAsync(response, cancellationToken)}");
        }
        var job = await response.Content.ReadFromJsonAsync(UploadJsonContext.Default.UploadProgress, cancellationToken);
        return new UploadStart(job, job is null ? "Ingest answered an empty job" : null);
    }

    /// <summary>The job's progress from <c>GET /api/v1/uploads/{id}</c>; null when Ingest no longer knows it.</summary>
    public async Task<UploadProgress?> GetAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"/api/v1/uploads/{Uri.EscapeDataString(id)}", cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(UploadJsonContext.Default.UploadProgress, cancellationToken);
    }

    private static async Task<string> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var problem = System.Text.Json.JsonDocument.Parse(body);
            var root = problem.RootElement;
            var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return string.Join(": ", new[] { title, detail }.Where(s => !string.IsNullOrEmpty(s)));
        }
        catch (System.Text.Json.JsonException)
        {
            return body.Length > 300 ? body[..300] : body;
        }
    }
}

/// <summary>What starting an upload gave: the job, or why there is none.</summary>
public sealed record UploadStart(UploadProgress? Job, string? Error);
