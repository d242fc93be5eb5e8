using System.Security.Cryptography;
using Ingest.Api.Formats;
using Ingest.Api.Logs;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Ingest.Api.Uploads;

/// <summary>
/// <c>POST /api/v1/uploads</c>: streams the multipart <c>file</c> part to a spool file (hashing it on the way, never
/// holding it in memory), then hands it to <see cref="UploadRunner"/> and answers 202 with the job.
/// </summary>
public sealed class UploadHandler(
    UploadJobStore jobs, UploadRunner runner, TextFormatRegistry formats, IOptions<UploadOptions> uploadOptions, IOptions<IngestOptions> ingestOptions,
    TimeProvider time, ILogger<UploadHandler> logger)
{
    private const int MaxFieldBytes = 1024;
    private readonly UploadOptions _options = uploadOptions.Value;

    public async Task<IResult> UploadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary) is not { Length: > 0 } boundary)
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Send multipart/form-data with a 'file' part (curl -F file=@app.log).");
        }
        if (request.ContentLength > _options.MaxBytes + 1024 * 1024) return TooLarge();
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = _options.MaxBytes + 1024 * 1024; // the parts' headers and the small fields
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Spooled? spooled = null;
        try
        {
            var reader = new MultipartReader(boundary.ToString(), request.Body);
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).ToString();
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).ToString();
                if (name.Equals("file", StringComparison.OrdinalIgnoreCase) && spooled is null)
                {
                    spooled = await SpoolAsync(section, fileName, cancellationToken).ConfigureAwait(false);
                    if (spooled is null) return TooLarge();
                }
                else if (await ReadFieldAsync(section.Body, cancellationToken).ConfigureAwait(false) is { } value)
                {
                    fields[name] = value.Trim();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            if (spooled is not null) File.Delete(spooled.Path);
            if (ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }) return TooLarge();
            return Problem(StatusCodes.Status400BadRequest, "The multipart body is malformed: " + ex.Message);
        }
        if (spooled is null) return Problem(StatusCodes.Status400BadRequest, "The form has no 'file' part.");

        var formatName = request.Query[TextFormatRequest.FormatQuery].FirstOrDefault() ?? fields.GetValueOrDefault("format");
        var format = formats.Default;
        if (!string.IsNullOrEmpty(formatName) && !formats.TryGet(formatName, out format))
        {
            File.Delete(spooled.Path);
            return Problem(StatusCodes.Status400BadRequest, $"Unknown log format '{formatName}'. Known formats: {string.Join(", ", formats.Names)}.");
        }
        var job = new UploadJob(Guid.NewGuid().ToString("N"), spooled.FileName, spooled.Path, spooled.Size, spooled.Sha256, spooled.Gzip, format,
            Name(fields.GetValueOrDefault("source"), spooled.FileName), Name(fields.GetValueOrDefault("application"), ingestOptions.Value.DefaultApplication),
            time.GetUtcNow());
        if (!jobs.TryAdd(job))
        {
            File.Delete(spooled.Path);
            context.Response.Headers[HeaderNames.RetryAfter] = "10";
            return Problem(StatusCodes.Status429TooManyRequests, "Too many uploads are in progress; retry later.");
        }
        runner.Enqueue(job);
        logger.LogInformation("Upload {Id}: {File}, {Size} bytes, sha256 {Hash}, format {Format}", job.Id, job.FileName, job.Size, job.Sha256, format.Name);
        return TypedResults.Json(job.ToStatus(), UploadJsonContext.Default.UploadStatus, statusCode: StatusCodes.Status202Accepted);
    }

    public IResult Status(string id)
        => jobs.TryGet(id, out var job)
            ? TypedResults.Json(job.ToStatus(), UploadJsonContext.Default.UploadStatus)
            : Problem(StatusCodes.Status404NotFound, "No such upload (finished jobs are forgotten after Ingest:Uploads:JobLifetime, and at a restart).");

    private sealed record Spooled(string Path, string FileName, long Size, string Sha256, bool Gzip);

    /// <returns>null when the part is larger than <see cref="UploadOptions.MaxBytes"/> (nothing is kept).</returns>
    private async Task<Spooled?> SpoolAsync(MultipartSection section, string fileName, CancellationToken cancellationToken)
    {
        var directory = string.IsNullOrEmpty(_options.SpoolDirectory) ? Path.Combine(Path.GetTempPath(), "logplatform-uploads") : _options.SpoolDirectory;
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".upload");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        var magic = new byte[2];
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await section.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (size < 2) buffer.AsSpan(0, (int)Math.Min(2 - size, read)).CopyTo(magic.AsSpan((int)size));
                    size += read;
                    if (size > _options.MaxBytes)
                    {
                        await file.DisposeAsync().ConfigureAwait(false);
                        File.Delete(path);
                        return null;
                    }
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        var gzip = fileName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                   || section.ContentType?.Contains("gzip", StringComparison.OrdinalIgnoreCase) == true
                   || section.Headers?.TryGetValue(HeaderNames.ContentEncoding, out var encoding) == true && encoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
                   || (size >= 2 && magic[0] == 0x1f && magic[1] == 0x8b);
        return new Spooled(path, string.IsNullOrEmpty(fileName) ? "upload" : Path.GetFileName(fileName), size, Convert.ToHexStringLower(hash.GetHashAndReset()), gzip);
    }

    private static async Task<string?> ReadFieldAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0) filled += read;
        if (filled > MaxFieldBytes)
        {
            await body.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            return null;
        }
        return System.Text.Encoding.UTF8.GetString(buffer, 0, filled);
    }

    private string Name(string? value, string fallback)
    {
        var name = string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
        var max = ingestOptions.Value.MaxNameBytes;
        return name.Length > max / 4 && System.Text.Encoding.UTF8.GetByteCount(name) > max ? name[..(max / 4)] : name.Replace('\0', '\uFFFD');
    }

    private IResult TooLarge() => Problem(StatusCodes.Status413PayloadTooLarge, $"The file is larger than {_options.MaxBytes} bytes (Ingest:Uploads:MaxBytes).");

    private static IResult Problem(int status, string detail) => TypedResults.Problem(detail, statusCode: status);
}
