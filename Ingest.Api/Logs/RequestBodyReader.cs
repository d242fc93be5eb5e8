using Ingest.Api.Parsing;
using Microsoft.AspNetCore.Http.Features;

namespace Ingest.Api.Logs;

/// <summary>Reads the whole body into one pooled buffer, refusing more than the limit as early as possible.</summary>
public static class RequestBodyReader
{
    /// <returns>The body, or null when it is larger than <paramref name="maxBytes"/>.</returns>
    public static async Task<PooledBufferWriter?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) return null;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        // Content-Length + 1, so the final zero-byte read needs no growth.
        var buffer = new PooledBufferWriter((int)Math.Min((request.ContentLength ?? 16 * 1024) + 1, maxBytes + 1));
        try
        {
            while (true)
            {
                var read = await request.Body.ReadAsync(buffer.GetMemory(1), cancellationToken).ConfigureAwait(false);
                if (read == 0) return buffer;
                buffer.Advance(read);
                if (buffer.WrittenCount > maxBytes)
                {
                    buffer.Dispose();
                    return null;
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            buffer.Dispose();
            return null;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }
}
