using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// <c>GET /api/docs</c> on every service: one self-contained HTML page listing the service's documented operations
/// (method, path, summary, description, grouped by tag), read from its own endpoints, with links to its OpenAPI document
/// and interactive reference when it serves them. No script or stylesheet from elsewhere: it works offline.
/// </summary>
public static class ApiDocsPage
{
    public const string Path = "/api/docs";

    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext context, EndpointDataSource endpoints, IWebHostEnvironment environment) =>
                Results.Content(Render(endpoints.Endpoints, environment.ApplicationName, context.Request.PathBase), "text/html; charset=utf-8"))
            .WithSummary("This page: the service's operations")
            .WithTags("Documentation");
        return app;
    }

    /// <summary>One documented operation (an endpoint with a summary, a description or a tag).</summary>
    public sealed record Operation(string Methods, string Path, string Tag, string? Summary, string? Description);

    /// <summary>
    /// The operations worth listing: routes with HTTP methods that say what they are (summary, description or tag), and are
    /// not excluded from the API description. Pages and static files of a web UI have none of these.
    /// </summary>
    public static IReadOnlyList<Operation> Operations(IEnumerable<Endpoint> endpoints)
    {
        var operations = new List<Operation>();
        foreach (var endpoint in endpoints.OfType<RouteEndpoint>())
        {
            var metadata = endpoint.Metadata;
            if (metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true }) continue;
            var methods = metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            var summary = metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary;
            var description = metadata.GetMetadata<IEndpointDescriptionMetadata>()?.Description;
            var tag = metadata.GetOrderedMetadata<ITagsMetadata>().SelectMany(t => t.Tags).FirstOrDefault();
            if (summary is null && description is null && tag is null) continue;
            operations.Add(new Operation(methods is { Count: > 0 } ? string.Join(", ", methods) : "ANY", PathOf(endpoint), tag ?? "Other", summary, description));
        }
        return [.. operations.DistinctBy(o => (o.Methods, o.Path)).OrderBy(o => o.Tag, StringComparer.Ordinal).ThenBy(o => o.Path, StringComparer.Ordinal)];
    }

    /// <summary>The route as a path: one leading slash, no trailing one (a group's "/" route is the group's path).</summary>
    private static string PathOf(RouteEndpoint endpoint) => "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');

    private static string Render(IReadOnlyList<Endpoint> endpoints, string service, PathString pathBase)
    {
        var operations = Operations(endpoints);
        var patterns = endpoints.OfType<RouteEndpoint>().Select(PathOf).ToHashSet();
        static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(service)).Append(" API</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}")
            .Append("td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}code{font-size:.95em}")
            .Append("h2{margin-top:2rem}.m{font-weight:bold;white-space:nowrap}</style></head><body>")
            .Append("<h1>").Append(E(service)).Append(" API</h1><p>");
        if (patterns.Contains("/openapi/{documentName}.json"))
        {
            html.Append("OpenAPI document: <a href=\"").Append(E(pathBase + "/openapi/v1.json")).Append("\">/openapi/v1.json</a>. ");
        }
        if (patterns.Any(p => p.StartsWith("/scalar", StringComparison.Ordinal)))
        {
            html.Append("Interactive reference: <a href=\"").Append(E(pathBase + "/scalar")).Append("\">/scalar</a>. ");
        }
        html.Append(operations.Count).Append(" operations.</p>");
        foreach (var group in operations.GroupBy(o => o.Tag))
        {
            html.Append("<h2>").Append(E(group.Key)).Append("</h2><table><tr><th>method</th><th>path</th><th>what</th></tr>");
            foreach (var operation in group)
            {
                html.Append("<tr><td class=\"m\">").Append(E(operation.Methods)).Append("</td><td><code>").Append(E(operation.Path))
                    .Append("</code></td><td>").Append(E(operation.Summary));
                if (operation.Description is not null) html.Append("<br><small>").Append(E(operation.Description)).Append("</small>");
                html.Append("</td></tr>");
            }
            html.Append("</table>");
        }
        return html.Append("</body></html>").ToString();
    }
}
