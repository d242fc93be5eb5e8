using Microsoft.Extensions.Primitives;

namespace Ingest.Api.Formats;

/// <summary>Which format a request's text is in: <c>?format=</c> or the <c>X-Log-Format</c> header, else the default.</summary>
public static class TextFormatRequest
{
    public const string FormatHeader = "X-Log-Format";
    public const string FormatQuery = "format";

    /// <summary>
    /// True for <c>text/*</c> bodies, and for bodies of another non-JSON type (curl's form default) when a format is named.
    /// </summary>
    public static bool IsText(HttpRequest request)
    {
        var contentType = request.ContentType;
        if (contentType is not null && contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)) return true;
        if (contentType is not null && contentType.Contains("json", StringComparison.OrdinalIgnoreCase)) return false;
        return !StringValues.IsNullOrEmpty(Named(request));
    }

    /// <returns>false with <paramref name="error"/> when the named format does not exist.</returns>
    public static bool TrySelect(HttpRequest request, TextFormatRegistry formats, out TextFormatChoice format, out string error)
    {
        error = "";
        var named = Named(request);
        if (StringValues.IsNullOrEmpty(named) || string.IsNullOrWhiteSpace(named[0]))
        {
            format = formats.Default;
            return true;
        }
        var name = named[0]!.Trim();
        if (formats.TryGet(name, out format)) return true;
        error = $"Unknown log format '{(name.Length > 64 ? name[..64] + "…" : name)}'. Known formats: {string.Join(", ", formats.Names)}.";
        return false;
    }

    private static StringValues Named(HttpRequest request)
        => request.Query.TryGetValue(FormatQuery, out var query) && !StringValues.IsNullOrEmpty(query) ? query : request.Headers[FormatHeader];
}
