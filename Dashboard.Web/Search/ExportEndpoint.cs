using Dashboard.Web.Gateway;
using LogPlatform.Contracts;

namespace Dashboard.Web.Search;

/// <summary>
/// <c>GET /export?format=...&amp;filters</c>: streams the gateway's export through the dashboard, so
/// the browser downloads with a plain link and the gateway token stays on the server.
/// </summary>
public static class ExportEndpoint
{
    private static readonly HashSet<string> AllowedParameters =
        new(["format", "min_level", "level", "source", "application", "q", "from", "to", "max"], StringComparer.OrdinalIgnoreCase);

    public static IEndpointRouteBuilder MapExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/export", ExportAsync).ExcludeFromDescription();
        return app;
    }

    private static bool IsPropertyFilter(string name)
        => !LogFilter.ReservedParameters.Contains(name) && !LogFilter.PagingParameters.Contains(name)
           && name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    private static async Task ExportAsync(HttpContext context, GatewayApiClient api)
    {
        // Only filter parameters go through (the known ones, and property filters such as job_run_id for the scope page): the
        // dashboard is not an open proxy to the gateway, and access_token, paging and the like stay out.
        var query = string.Join('&', context.Request.Query
            .Where(p => AllowedParameters.Contains(p.Key) || IsPropertyFilter(p.Key))
            .SelectMany(p => p.Value.Select(v => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(v ?? ""))));
        using var upstream = await api.ExportAsync(query, context.RequestAborted);
        context.Response.StatusCode = (int)upstream.StatusCode;
        if (upstream.Content.Headers.ContentType is { } contentType) context.Response.ContentType = contentType.ToString();
        if (upstream.Content.Headers.ContentDisposition is { } disposition) context.Response.Headers.ContentDisposition = disposition.ToString();
        await using var body = await upstream.Content.ReadAsStreamAsync(context.RequestAborted);
        await body.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
