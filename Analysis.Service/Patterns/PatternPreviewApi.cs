using System.Text;
using System.Text.Json;
using LogPlatform.Contracts;

namespace Analysis.Service.Patterns;

/// <summary>
/// <c>POST /api/v1/patterns/preview</c>: the patterns a fresh miner with the production configuration finds in the
/// lines sent, for trying the miner on a sample without storing anything.
/// </summary>
public static class PatternPreviewApi
{
    public const int MaxLines = 10_000;
    public const int MaxLineBytes = 64 * 1024;
    private const string DefaultApplication = "preview";

    public static IEndpointRouteBuilder MapPatternPreviewApi(this IEndpointRouteBuilder app)
    {
        var patterns = app.MapGroup("/api/v1/patterns").WithTags("Patterns");
        patterns.MapPost("/preview", PreviewAsync)
            .WithName("PreviewPatterns")
            .WithSummary("Group sample lines into patterns with a fresh miner")
            .WithDescription($"Body {{\"lines\": [...], \"application\": optional}}: at most {MaxLines} lines of at most " +
                             $"{MaxLineBytes / 1024} KiB (UTF-8) each. Answers each line's pattern id and template, and the patterns with counts.")
            .Accepts<PatternPreviewRequest>("application/json")
            .Produces<PatternPreviewResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<IResult> PreviewAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        PatternPreviewRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(http.Body, PatternsJsonContext.Default.PatternPreviewRequest, cancellationToken);
        }
        catch (JsonException e)
        {
            return Invalid($"The body is not a preview request: {e.Message}");
        }
        if (request?.Lines is not { } lines) return Invalid("The body needs \"lines\": an array of strings.");
        if (lines.Count > MaxLines) return Invalid($"At most {MaxLines} lines per preview; {lines.Count} were sent.");
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i] is null) return Invalid($"Line {i} is null; every line must be a string.");
            if (Encoding.UTF8.GetByteCount(lines[i]!) > MaxLineBytes) return Invalid($"Line {i} is longer than {MaxLineBytes / 1024} KiB (UTF-8).");
        }
        return Results.Json(Preview(request.Application ?? DefaultApplication, lines!), PatternsJsonContext.Default.PatternPreviewResponse);
    }

    private static PatternPreviewResponse Preview(string application, IReadOnlyList<string> lines)
    {
        var miner = new PatternMiner(PatternMinerOptions.Production);
        var now = DateTimeOffset.UtcNow;
        var mined = new LogPattern[lines.Count];
        for (var i = 0; i < lines.Count; i++) mined[i] = miner.Mine(application, lines[i], LogSeverity.Info, now, i).Pattern;
        // Templates as they stand after every line, so that lines of one pattern show one template.
        var perLine = mined.Select(p => new PreviewLine(PatternId.Format(p.Id), p.Template)).ToList();
        var patterns = mined.Distinct()
            .Select(p => new PreviewPattern(PatternId.Format(p.Id), p.Template, p.Count))
            .OrderByDescending(p => p.Count)
            .ToList();
        return new PatternPreviewResponse(perLine, patterns);
    }

    private static IResult Invalid(string detail)
        => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid preview request", detail: detail);
}
