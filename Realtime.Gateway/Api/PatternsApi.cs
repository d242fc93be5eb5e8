using System.Globalization;
using LogPlatform.Contracts;
using LogPlatform.Storage.Analysis;
using Realtime.Gateway.Security;

namespace Realtime.Gateway.Api;

/// <summary>
/// <c>GET /api/v1/patterns</c> and <c>/api/v1/patterns/{id}</c>: the patterns the analysis service mined and stored, with
/// per-minute counts for sparklines. Served by the gateway (not the analysis service) because it is the platform's one
/// read API: the same token, CORS allow-list and address as the logs it links to (<c>pattern=</c> on the logs API).
/// </summary>
public static class PatternsApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(1);

    public static IEndpointRouteBuilder MapPatternsApi(this IEndpointRouteBuilder app)
    {
        var patterns = app.MapGroup("/api/v1/patterns").WithTags("Patterns").RequireStreamToken().AllowBrowserOrigins();
        patterns.MapGet("/", SearchAsync)
            .WithName("ListPatterns")
            .WithSummary("Patterns with logs in a window, by count or recency, with per-minute counts")
            .WithDescription("application; min_level (the window's counts are of logs at that level or above); from/to (ISO 8601, " +
                             "default the last hour; at most 24 h of minutes); new_since (first seen at or after); sort=count (default) " +
                             $"or recent; limit (1..{MaxLimit}, default {DefaultLimit}).");
        patterns.MapGet("/{id}", FindAsync)
            .WithName("GetPattern")
            .WithSummary("One pattern by its id (16 hexadecimal digits), with per-minute counts over from/to");
        return app;
    }

    private static async Task<IResult> SearchAsync(HttpRequest request, PatternQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        var query = request.Query;
        foreach (var name in query.Keys)
        {
            if (name is not ("application" or "min_level" or "level" or "from" or "to" or "new_since" or "sort" or "limit" or "access_token"))
            {
                return Invalid(name, "is not a parameter of this endpoint (application, min_level, from, to, new_since, sort, limit).");
            }
        }
        if (!TryReadWindow(query, time, out var from, out var to, out var problem)) return problem!;
        LogSeverity? level = null;
        var levelText = query["min_level"].ToString() is { Length: > 0 } m ? m : query["level"].ToString();
        if (levelText.Length > 0)
        {
            if (!LogSeverityNames.TryParse(levelText, out var parsed)) return Invalid("min_level", $"must be one of {LogSeverityNames.Accepted}.");
            level = parsed;
        }
        DateTimeOffset? newSince = null;
        if (query["new_since"].ToString() is { Length: > 0 } newText)
        {
            if (!TryParseTime(newText, out var parsed)) return Invalid("new_since", "must be an ISO 8601 date and time.");
            newSince = parsed;
        }
        var sort = query["sort"].ToString() switch
        {
            "" or "count" => PatternSort.Count,
            "recent" or "recency" => PatternSort.Recency,
            _ => (PatternSort?)null,
        };
        if (sort is null) return Invalid("sort", "must be 'count' or 'recent'.");
        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, out limit) || limit < 1 || limit > MaxLimit))
        {
            return Invalid("limit", $"must be a whole number from 1 to {MaxLimit}.");
        }
        var application = query["application"].ToString() is { Length: > 0 } a ? a : null;
        if (application is { Length: > LogFilter.MaxValueLength }) return Invalid("application", $"is longer than {LogFilter.MaxValueLength} characters.");

        var search = new PatternSearch(application, level, from, to, newSince, sort.Value, limit);
        var found = await queries.SearchAsync(search, cancellationToken);
        var minutesFrom = found.Count > 0 ? MinutesFrom(from, to) : PatternQueries.Minute(from);
        return Results.Json(new PatternListResponse(from, to, [.. found.Select(p => Response(p, minutesFrom))]),
            GatewayApiJsonContext.Default.PatternListResponse);
    }

    private static async Task<IResult> FindAsync(string id, HttpRequest request, PatternQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!PatternTemplate.IsPatternId(id)) return Invalid("id", "must be a pattern id: 16 hexadecimal digits.");
        if (!TryReadWindow(request.Query, time, out var from, out var to, out var problem)) return problem!;
        var pattern = await queries.FindAsync(ParseId(id), from, to, cancellationToken);
        return pattern is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Pattern not found", detail: $"No stored pattern has id {id}.")
            : Json(pattern, from, to);
    }

    /// <summary>One pattern as <c>GET /api/v1/patterns/{id}</c> answers it, with its counts over from/to.</summary>
    internal static IResult Json(PatternSummary pattern, DateTimeOffset from, DateTimeOffset to)
        => Results.Json(Response(pattern, MinutesFrom(from, to)), GatewayApiJsonContext.Default.PatternResponse);

    /// <summary>A pattern id as the API writes it (16 hexadecimal digits) to its stored <c>bigint</c>.</summary>
    public static long ParseId(string id) => unchecked((long)ulong.Parse(id, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));

    public static string FormatId(long id) => unchecked((ulong)id).ToString("x16", CultureInfo.InvariantCulture);

    private static DateTimeOffset MinutesFrom(DateTimeOffset from, DateTimeOffset to)
    {
        var start = PatternQueries.Minute(from);
        return (to - start).TotalMinutes > PatternQueries.MaxMinutes ? PatternQueries.Minute(to.AddMinutes(-PatternQueries.MaxMinutes + 1)) : start;
    }

    private static PatternResponse Response(PatternSummary summary, DateTimeOffset minutesFrom)
    {
        var row = summary.Pattern;
        var levels = summary.WindowCountsByLevel.ToDictionary(l => ((LogSeverity)l.Key).ToWireName(), l => l.Value);
        return new PatternResponse(FormatId(row.Id), row.Application, row.Template, row.FirstSeen, row.LastSeen, row.Count,
            summary.WindowCount, levels, minutesFrom, summary.Minutes, row.ExampleLogIds, row.Sources);
    }

    internal static bool TryReadWindow(IQueryCollection query, TimeProvider time, out DateTimeOffset from, out DateTimeOffset to, out IResult? problem)
    {
        problem = null;
        to = time.GetUtcNow();
        from = to - DefaultWindow;
        if (query["to"].ToString() is { Length: > 0 } toText && !TryParseTime(toText, out to))
        {
            problem = Invalid("to", "must be an ISO 8601 date and time.");
            return false;
        }
        from = to - DefaultWindow;
        if (query["from"].ToString() is { Length: > 0 } fromText && !TryParseTime(fromText, out from))
        {
            problem = Invalid("from", "must be an ISO 8601 date and time.");
            return false;
        }
        if (from >= to)
        {
            problem = Invalid("from", "must be before 'to'.");
            return false;
        }
        return true;
    }

    internal static bool TryParseTime(string text, out DateTimeOffset value)
        => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    internal static IResult Invalid(string parameter, string why)
        => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid query parameters", detail: $"'{parameter}' {why}",
            extensions: new Dictionary<string, object?> { ["parameter"] = parameter });
}
