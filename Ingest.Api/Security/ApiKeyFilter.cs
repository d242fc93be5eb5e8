using Microsoft.Net.Http.Headers;

namespace Ingest.Api.Security;

/// <summary>
/// Requires an API key: <c>X-Api-Key: &lt;key&gt;</c>, or <c>Authorization: ApiKey &lt;key&gt;</c> / <c>Bearer &lt;key&gt;</c>.
/// Seq's clients send it as <c>X-Seq-ApiKey</c> or <c>?apiKey=</c>, taken too. Answers 401 problem details before the body is read.
/// </summary>
public sealed class ApiKeyFilter(ApiKeyValidator validator, Telemetry.IngestTelemetry telemetry) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";
    public const string SeqHeaderName = "X-Seq-ApiKey";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = ReadKey(http.Request);
        if (key.IsEmpty)
        {
            if (validator.AllowAnonymous) return next(context);
            return Refuse(http, "Missing API key", $"Send the key in the {HeaderName} header (or Authorization: ApiKey <key>).");
        }
        if (!validator.IsValid(key))
        {
            return Refuse(http, "Invalid API key", "The API key is not one this service accepts.");
        }
        return next(context);
    }

    internal static ReadOnlySpan<char> ReadKey(HttpRequest request)
    {
        var header = request.Headers[HeaderName];
        if (header.Count > 0 && !string.IsNullOrWhiteSpace(header[0])) return header[0].AsSpan().Trim();
        var seq = request.Headers[SeqHeaderName];
        if (seq.Count > 0 && !string.IsNullOrWhiteSpace(seq[0])) return seq[0].AsSpan().Trim();
        var query = request.Query["apiKey"];
        if (query.Count > 0 && !string.IsNullOrWhiteSpace(query[0])) return query[0].AsSpan().Trim();

        ReadOnlySpan<char> authorization = request.Headers.Authorization.Count > 0 ? request.Headers.Authorization[0] : null;
        foreach (var scheme in (ReadOnlySpan<string>)["ApiKey ", "Bearer "])
        {
            if (authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return authorization[scheme.Length..].Trim();
        }
        return default;
    }

    private ValueTask<object?> Refuse(HttpContext http, string title, string detail)
    {
        telemetry.Refused(StatusCodes.Status401Unauthorized);
        http.Response.Headers[HeaderNames.WWWAuthenticate] = $"ApiKey header=\"{HeaderName}\"";
        return ValueTask.FromResult<object?>(TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: title));
    }
}
