using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using LogPlatform.Shipping.Batches;

namespace LogPlatform.Shipping.Sending;

/// <summary>
/// Sends a batch to Ingest's <c>POST /logs</c> as raw text (<c>text/plain</c>, gzip) with the format named in
/// <c>X-Log-Format</c>, so Ingest's parsers read it, and the batch's <c>Idempotency-Key</c>.
/// </summary>
public sealed class HttpBatchSink(HttpClient http, Uri logsEndpoint, string? apiKey, ShipSource source) : IBatchSink
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string FormatHeader = "X-Log-Format";
    public const string SourceHeader = "X-Log-Source";
    public const string ApplicationHeader = "X-Log-Application";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private readonly MemoryStream _compressed = new();

    public async ValueTask<SendResult> SendAsync(ShipBatch batch, CancellationToken cancellationToken)
    {
        _compressed.SetLength(0);
        using (var gzip = new GZipStream(_compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(batch.Text.Span);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, logsEndpoint);
        var content = new ReadOnlyMemoryContent(_compressed.GetBuffer().AsMemory(0, (int)_compressed.Length));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        content.Headers.ContentEncoding.Add("gzip");
        request.Content = content;
        request.Headers.Add(FormatHeader, source.Format);
        request.Headers.Add(IdempotencyKeyHeader, batch.IdempotencyKey);
        if (apiKey is { Length: > 0 }) request.Headers.Add(ApiKeyHeader, apiKey);
        if (source.LogSource is { Length: > 0 } logSource) request.Headers.Add(SourceHeader, logSource);
        if (source.Application is { Length: > 0 } application) request.Headers.Add(ApplicationHeader, application);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            return SendResult.Retry($"{logsEndpoint.GetLeftPart(UriPartial.Authority)} unreachable: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendResult.Retry($"{logsEndpoint.GetLeftPart(UriPartial.Authority)} did not answer within {http.Timeout.TotalSeconds:0} s");
        }
        using (response)
        {
            if (response.IsSuccessStatusCode) return SendResult.Stored;
            var detail = await DetailAsync(response, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => SendResult.Fatal($"{status}: the API key was refused ({detail})"),
                HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout => SendResult.Retry($"{status}: {detail}", RetryAfter(response)),
                _ when status >= 500 => SendResult.Retry($"{status}: {detail}", RetryAfter(response)),
                _ => SendResult.Rejected($"{status}: {detail}"),
            };
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>The start of the answer's body (a problem's detail), for the error shown.</summary>
    private static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        body = body.ReplaceLineEndings(" ");
        return body.Length > 300 ? body[..300] + "…" : body.Length == 0 ? response.ReasonPhrase ?? "" : body;
    }
}
