using LogPlatform.Security;

namespace Ingest.Api.Sources;

public static class SourceEndpoints
{
    private const string Description = """
        Operator-defined sources: files ingest tails itself, configured under `Sources` (name, a glob inside
        `Sources:AllowedDirectories`, a format). A client starts, stops and watches them, but can never name a path.
        Needs the admin key in `X-Admin-Key` (configuration `Admin:Key`).
        """;

    public static IEndpointRouteBuilder MapSourceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var sources = endpoints.MapGroup("/api/v1/sources")
            .WithTags("Sources")
            .RequireAdminKey()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        sources.MapGet("", (SourceRunner runner)
                => TypedResults.Json(new SourceList([.. runner.All.Select(s => s.Status())]), SourcesJsonContext.Default.SourceList))
            .WithName("ListSources")
            .WithSummary("The sources: state, files with offsets and lag, lines/s, last error")
            .WithDescription(Description)
            .Produces<SourceList>();

        sources.MapPost("/{name}/start", (string name, SourceRunner runner) =>
            {
                if (runner.Find(name) is not { } source) return NotFound(name);
                runner.Start(source);
                return TypedResults.Json(source.Status(), SourcesJsonContext.Default.SourceStatus);
            })
            .WithName("StartSource")
            .WithSummary("Start a source (again after a stop or a failure); a running one stays as it is")
            .WithDescription(Description)
            .Produces<SourceStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        sources.MapPost("/{name}/stop", async (string name, SourceRunner runner) =>
            {
                if (runner.Find(name) is not { } source) return NotFound(name);
                await source.StopAsync();
                return TypedResults.Json(source.Status(), SourcesJsonContext.Default.SourceStatus);
            })
            .WithName("StopSource")
            .WithSummary("Stop a source; its offsets are kept, so a start goes on where it stopped")
            .WithDescription(Description)
            .Produces<SourceStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static IResult NotFound(string name)
        => TypedResults.Problem($"There is no source '{name}'; sources are defined by the operator under Sources:Definitions.",
            statusCode: StatusCodes.Status404NotFound, title: "Unknown source");
}
