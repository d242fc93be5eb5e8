using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.Gateway.Security;
using Realtime.Gateway.Streaming;

namespace Realtime.Gateway.Compatibility;

/// <summary>
/// The control endpoints of log-file tailing clients (<c>/api/v1/streaming/start|stop|status|upload</c>), mapped onto
/// Ingest's operator-defined sources and its upload API. Such clients name a file on the server (<c>log_file</c>); here that
/// name only selects a source the operator configured (by its name, its glob, or a file it is tailing), so a client can
/// never point the platform at a path. The caller's own <c>X-Admin-Key</c> (sources) or <c>X-Api-Key</c> (upload) is passed
/// on: the gateway holds no ingest secret, and Ingest decides.
/// </summary>
public static class FileStreamingControlApi
{
    public const string HttpClientName = "ingest-control";
    private const string AdminKeyHeader = "X-Admin-Key";
    private const string ApiKeyHeader = "X-Api-Key";

    public static IHostApplicationBuilder AddFileStreamingControl(this IHostApplicationBuilder builder)
    {
        var ingest = builder.Configuration["Gateway:IngestService"] ?? "https+http://ingest";
#pragma warning disable EXTEXP0001 // an upload's body is streamed once and cannot be retried; a start or stop is the user's to retry
        builder.Services.AddHttpClient(HttpClientName, http => http.BaseAddress = new Uri(ingest)).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return builder;
    }

    public static IEndpointRouteBuilder MapFileStreamingControl(this IEndpointRouteBuilder app)
    {
        var streaming = app.MapGroup("/api/v1/streaming").WithTags("File streaming clients").RequireStreamToken().AllowBrowserOrigins();
        streaming.MapPost("/start", (HttpContext context, IHttpClientFactory http, CancellationToken ct) => SwitchAsync(context, http, "start", ct))
            .WithSummary("Start an operator-defined source, chosen by log_file (its name, glob or one of its files)");
        streaming.MapPost("/stop", (HttpContext context, IHttpClientFactory http, CancellationToken ct) => SwitchAsync(context, http, "stop", ct))
            .WithSummary("Stop the source chosen by log_file, or every running source without a body");
        streaming.MapGet("/status", StatusAsync).WithSummary("Whether any source is streaming, each source's state, and the live clients");
        streaming.MapPost("/upload", UploadAsync).WithSummary("Upload a log file's content (multipart: file, format), never a server path");
        return app;
    }

    private static async Task<IResult> StatusAsync(HttpContext context, IHttpClientFactory http, ClientRegistry clients, CancellationToken ct)
    {
        var (list, failure) = await ListSourcesAsync(context, http, ct);
        if (list is null) return failure!;
        var sources = list;
        var running = sources.Count(s => (string?)s?["state"] == "running");
        return Results.Json(new JsonObject
        {
            ["is_streaming"] = running > 0,
            ["status"] = running > 0 ? "streaming" : "stopped",
            ["sources"] = sources.DeepClone(),
            ["active_connections"] = clients.Clients.Count,
        });
    }

    private static async Task<IResult> SwitchAsync(HttpContext context, IHttpClientFactory http, string action, CancellationToken ct)
    {
        var requested = await ReadLogFileAsync(context.Request, ct);
        if (requested.Error is not null) return Results.Problem(requested.Error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid body");
        var (list, failure) = await ListSourcesAsync(context, http, ct);
        if (list is null) return failure!;
        var sources = list;

        IEnumerable<string> names;
        if (requested.LogFile is null)
        {
            // stop with no body stops everything running; start needs to know which, unless there is only one
            names = action == "stop"
                ? sources.Where(s => (string?)s?["state"] == "running").Select(s => (string)s!["name"]!)
                : sources.Count == 1 ? [(string)sources[0]!["name"]!] : [];
            if (action == "start" && !names.Any())
            {
                return Results.Problem($"Say which source to start in log_file; the operator defined: {NameList(sources)}.",
                    statusCode: StatusCodes.Status400BadRequest, title: "log_file is required");
            }
        }
        else if (Select(sources, requested.LogFile) is { } name)
        {
            names = [name];
        }
        else
        {
            return Results.Problem(
                $"log_file '{requested.LogFile}' is not an operator-defined source. A client cannot name a path on the server: " +
                $"ask the operator to add it under Sources:Definitions, or upload the file's content to /api/v1/streaming/upload. Sources: {NameList(sources)}.",
                statusCode: StatusCodes.Status403Forbidden, title: "Not an operator-defined source");
        }

        var client = http.CreateClient(HttpClientName);
        var results = new JsonArray();
        foreach (var name in names)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sources/{Uri.EscapeDataString(name)}/{action}");
            CopyHeader(context.Request, request, AdminKeyHeader);
            using var response = await client.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode) return await RelayAsync(response, ct);
            results.Add(JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)));
        }
        return Results.Json(new JsonObject
        {
            ["status"] = action == "start" ? "started" : "stopped",
            ["sources"] = results,
        });
    }

    private static async Task<IResult> UploadAsync(HttpContext context, IHttpClientFactory http, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType)
        {
            return Results.Problem(
                "Send the file's content as multipart/form-data (fields 'file' and optional 'format'); a path on the server (log_file) is never read.",
                statusCode: StatusCodes.Status400BadRequest, title: "Upload the content, not a path");
        }
        var client = http.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/uploads")
        {
            Content = new StreamContent(context.Request.Body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(context.Request.ContentType!);
        if (context.Request.ContentLength is { } length) request.Content.Headers.ContentLength = length;
        CopyHeader(context.Request, request, ApiKeyHeader);
        CopyHeader(context.Request, request, "Authorization");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        return await RelayAsync(response, ct);
    }

    /// <summary>A source chosen by its name, its glob, or a file it is tailing: always one the operator defined.</summary>
    private static string? Select(JsonArray sources, string logFile)
    {
        foreach (var source in sources)
        {
            if (source is null) continue;
            var name = (string)source["name"]!;
            if (logFile == name || logFile == (string?)source["glob"]) return name;
            if (source["files"] is JsonArray files && files.Any(f => (string?)f?["file"] == logFile)) return name;
        }
        return null;
    }

    private static async Task<(JsonArray? Sources, IResult? Failure)> ListSourcesAsync(HttpContext context, IHttpClientFactory http, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sources");
        CopyHeader(context.Request, request, AdminKeyHeader);
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
        if (!response.IsSuccessStatusCode) return (null, await RelayAsync(response, ct));
        var list = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
        return (list?["sources"] as JsonArray ?? [], null);
    }

    private readonly record struct LogFileRequest(string? LogFile, string? Error);

    private static async Task<LogFileRequest> ReadLogFileAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any())) return default;
        if (request.ContentLength > 64 * 1024) return new(null, "The body is larger than 64 KiB.");
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return new(null, "The body must be a JSON object such as {\"log_file\":\"...\"}.");
            if (!document.RootElement.TryGetProperty("log_file", out var logFile)) return default;
            return logFile.ValueKind == JsonValueKind.String ? new(logFile.GetString(), null) : new(null, "log_file must be a string.");
        }
        catch (JsonException ex)
        {
            return new(null, $"The body is not JSON: {ex.Message}");
        }
    }

    private static string NameList(JsonArray sources)
        => sources.Count == 0 ? "none" : string.Join(", ", sources.Select(s => (string?)s?["name"]));

    private static void CopyHeader(HttpRequest from, HttpRequestMessage to, string name)
    {
        if (from.Headers.TryGetValue(name, out var values) && values.Count > 0) to.Headers.TryAddWithoutValidation(name, values.ToArray());
    }

    /// <summary>Ingest's answer (a 401 for a missing admin key, a 404, a 429) reaches the client as it was.</summary>
    private static async Task<IResult> RelayAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        var type = response.Content.Headers.ContentType?.ToString() ?? "application/json";
        return Results.Text(body, type, statusCode: (int)response.StatusCode);
    }
}
