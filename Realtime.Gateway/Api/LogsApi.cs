using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LogPlatform.Contracts;
using LogPlatform.Storage.Analysis;
using LogPlatform.Storage.Queries;
using Realtime.Gateway.Filtering;
using Realtime.Gateway.Security;

namespace Realtime.Gateway.Api;

/// <summary>The REST read API over PostgreSQL: search with cursor paging, one log by id, and export.</summary>
public static class LogsApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;
    public const int DefaultExportMax = 100_000;
    public const int HardExportMax = 1_000_000;

    public static IEndpointRouteBuilder MapLogsApi(this IEndpointRouteBuilder app)
    {
        var logs = app.MapGroup("/api/v1/logs").WithTags("History").RequireStreamToken().RejectUnseenProperties().AllowBrowserOrigins();

        logs.MapGet("/", SearchAsync)
            .WithSummary("Search stored logs, newest first, paginated with a cursor")
            .WithDescription("Filters as on the live streams (min_level, level, source, application, q, any property such as job_run_id=42), " +
                             $"from/to (ISO 8601), limit (1..{MaxLimit}, default {DefaultLimit}), cursor (next_cursor of the previous page), include_total. " +
                             "pattern (a pattern id from /api/v1/patterns, or a template with <*> for variables). " +
                             "Paging or sorting parameters such as offset, page, date or sort are a 400 naming them.");
        logs.MapGet("/{id:long}", FindAsync).WithSummary("One stored log by id");
        logs.MapGet("/{id:long}/pattern", FindPatternAsync)
            .WithName("GetLogPattern")
            .WithSummary("The mined pattern of one stored log, as /api/v1/patterns/{id} shows it")
            .WithDescription("The stored pattern of the log's application whose template the log's message matches (as pattern= does); " +
                             "from/to (ISO 8601, default the last hour) for its counts. 404 when the log does not exist, or when no " +
                             "stored pattern matches it yet (reason: not_mined_yet, or no_match for a log the analysis has passed).");
        logs.MapGet("/export", ExportAsync)
            .WithSummary("Download matching logs as NDJSON or plain text")
            .WithDescription($"format=ndjson (default) or text; max (default {DefaultExportMax}, at most {HardExportMax}); same filters and from/to as the search.");
        return app;
    }

    private static async Task<IResult> SearchAsync(HttpRequest request, LogQueries queries, PatternQueries patterns, CancellationToken cancellationToken)
    {
        if (!TryReadSearch(request, out var search, out var problem)) return problem!;
        (search, problem) = await ResolvePatternAsync(search, patterns, cancellationToken);
        if (problem is not null) return problem;
        var page = await queries.SearchAsync(search, cancellationToken);
        return Results.Json(new LogPageResponse(page.Items, page.NextCursor, page.Total), GatewayApiJsonContext.Default.LogPageResponse);
    }

    private static async Task<IResult> FindAsync(long id, LogQueries queries, CancellationToken cancellationToken)
        => await queries.FindAsync(id, cancellationToken) is { } log
            ? Results.Json(log, ContractsJsonContext.Default.LogEvent)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Log not found", detail: $"No log has id {id}.");

    private static async Task<IResult> FindPatternAsync(long id, HttpRequest request, LogQueries queries, LogPatternLookup lookup,
        PatternQueries patterns, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!PatternsApi.TryReadWindow(request.Query, time, out var from, out var to, out var problem)) return problem!;
        if (await queries.FindAsync(id, cancellationToken) is not { } log)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Log not found", detail: $"No log has id {id}.");
        }
        if (await lookup.FindAsync(log, cancellationToken) is { } row)
        {
            return PatternsApi.Json(await patterns.SummariseAsync(row, from, to, cancellationToken), from, to);
        }
        // Why there is none: the analysis has not reached the log yet (it commits every few seconds), or it has and no
        // stored template of the application matches (the pattern was evicted before it was stored, say).
        var minedUpTo = await lookup.MinedUpToAsync(cancellationToken);
        var (reason, detail) = id > minedUpTo
            ? ("not_mined_yet", $"Log {id} is not mined yet: the analysis has processed logs up to id {minedUpTo}.")
            : ("no_match", $"No stored pattern of application '{log.Application}' matches the message of log {id}.");
        return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Pattern not found", detail: detail,
            extensions: new Dictionary<string, object?> { ["reason"] = reason });
    }

    private static async Task ExportAsync(HttpContext context, LogQueries queries, PatternQueries patterns)
    {
        var request = context.Request;
        if (!TryReadSearch(request, out var search, out var problem))
        {
            await problem!.ExecuteAsync(context);
            return;
        }
        (search, problem) = await ResolvePatternAsync(search, patterns, context.RequestAborted);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }
        var format = request.Query["format"].ToString() is { Length: > 0 } f ? f.ToLowerInvariant() : "ndjson";
        if (format is not ("ndjson" or "text"))
        {
            await Invalid("format", "must be 'ndjson' or 'text'.").ExecuteAsync(context);
            return;
        }
        var max = DefaultExportMax;
        if (request.Query.TryGetValue("max", out var maxText) && (!int.TryParse(maxText, out max) || max < 1 || max > HardExportMax))
        {
            await Invalid("max", $"must be a whole number from 1 to {HardExportMax}.").ExecuteAsync(context);
            return;
        }

        var response = context.Response;
        response.ContentType = format == "ndjson" ? "application/x-ndjson; charset=utf-8" : "text/plain; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"logs-{DateTime.UtcNow:yyyyMMdd-HHmmss}.{(format == "ndjson" ? "ndjson" : "log")}\"";

        // Rows are written as they are read, flushed in chunks: memory stays flat whatever the size.
        await using var json = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { SkipValidation = true });
        var written = 0;
        await foreach (var log in queries.ExportAsync(search, max, context.RequestAborted))
        {
            if (format == "ndjson")
            {
                JsonSerializer.Serialize(json, log, ContractsJsonContext.Default.LogEvent);
                json.Flush();
                json.Reset();
                response.BodyWriter.Write("\n"u8);
            }
            else
            {
                response.BodyWriter.Write(Encoding.UTF8.GetBytes(
                    $"{log.Timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} {log.Level.ToWireName().ToUpperInvariant(),-5} [{log.Application}/{log.Source}] {log.Message}\n"));
            }
            if (++written % 500 == 0) await response.BodyWriter.FlushAsync(context.RequestAborted);
        }
        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    internal static bool TryReadSearch(HttpRequest request, out LogSearch search, out IResult? problem)
    {
        search = null!;
        var query = request.Query;
        if (!LogFilter.TryParse(query.Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString())), out var filter, out var error))
        {
            problem = Problem(error!.Parameter, error.Message);
            return false;
        }
        if (!TryReadTime(query["from"], out var from))
        {
            problem = Invalid("from", "must be an ISO 8601 date and time, e.g. 2026-11-25T08:00:00Z.");
            return false;
        }
        if (!TryReadTime(query["to"], out var to))
        {
            problem = Invalid("to", "must be an ISO 8601 date and time, e.g. 2026-11-25T09:00:00Z.");
            return false;
        }
        if (from is not null && to is not null && from >= to)
        {
            problem = Invalid("from", "must be before 'to'.");
            return false;
        }
        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, out limit) || limit < 1 || limit > MaxLimit))
        {
            problem = Invalid("limit", $"must be a whole number from 1 to {MaxLimit}.");
            return false;
        }
        LogCursor? after = null;
        if (query.TryGetValue("cursor", out var cursorText) && cursorText.ToString().Length > 0)
        {
            if (!LogCursor.TryParse(cursorText, out var cursor))
            {
                problem = Invalid("cursor", "is not a cursor this API returned (use next_cursor from the previous page).");
                return false;
            }
            after = cursor;
        }
        var includeTotal = false;
        if (query.TryGetValue("include_total", out var totalText) && !bool.TryParse(totalText, out includeTotal))
        {
            problem = Invalid("include_total", "must be true or false.");
            return false;
        }

        search = new LogSearch(filter, from, to, limit, after, includeTotal);
        problem = null;
        return true;
    }

    /// <summary>
    /// <c>pattern=</c> with a pattern's id (16 hexadecimal digits, from the patterns API) becomes that pattern's stored
    /// template and application; a template given as text is used as it is. Either way logs match by their message, so
    /// logs stored before the pattern was mined are found too.
    /// </summary>
    private static async Task<(LogSearch, IResult?)> ResolvePatternAsync(LogSearch search, PatternQueries patterns, CancellationToken cancellationToken)
    {
        if (search.Filter.Pattern is not { } pattern || !PatternTemplate.IsPatternId(pattern)) return (search, null);
        if (await patterns.FindRowAsync(PatternsApi.ParseId(pattern), cancellationToken) is not { } row)
        {
            return (search, Invalid("pattern", $"is no stored pattern's id ({pattern}); give a pattern id from /api/v1/patterns or a template."));
        }
        var filter = new LogFilter
        {
            MinLevel = search.Filter.MinLevel,
            LevelMask = search.Filter.LevelMask,
            Source = search.Filter.Source,
            Application = search.Filter.Application ?? row.Application,
            Text = search.Filter.Text,
            Pattern = row.Template,
            Properties = search.Filter.Properties,
        };
        return (search with { Filter = filter }, null);
    }

    private static bool TryReadTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)) return false;
        value = parsed;
        return true;
    }

    private static IResult Invalid(string parameter, string why) => Problem(parameter, $"'{parameter}' {why}");

    private static IResult Problem(string parameter, string detail)
        => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid query parameters", detail: detail,
            extensions: new Dictionary<string, object?> { ["parameter"] = parameter });
}
