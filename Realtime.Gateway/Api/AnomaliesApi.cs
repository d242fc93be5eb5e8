using System.Globalization;
using LogPlatform.Contracts;
using LogPlatform.Storage.Analysis;
using Realtime.Gateway.Security;

namespace Realtime.Gateway.Api;

/// <summary><c>GET /api/v1/anomalies</c>: the stored anomalies, newest first, paged with a cursor.</summary>
public static class AnomaliesApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    private static readonly HashSet<string> Kinds =
        [AnomalyKinds.NewPattern, AnomalyKinds.RateChange, AnomalyKinds.ErrorBurst, AnomalyKinds.Silence, AnomalyKinds.Sequence];

    public static IEndpointRouteBuilder MapAnomaliesApi(this IEndpointRouteBuilder app)
    {
        var anomalies = app.MapGroup("/api/v1/anomalies").WithTags("Anomalies").RequireStreamToken().AllowBrowserOrigins();
        anomalies.MapGet("/", SearchAsync)
            .WithName("ListAnomalies")
            .WithSummary("Stored anomalies, newest first, paginated with a cursor")
            .WithDescription($"kind ({string.Join(", ", Kinds)}); application; min_score (0..1); from/to (ISO 8601, on detected_at); " +
                             $"limit (1..{MaxLimit}, default {DefaultLimit}); cursor (next_cursor of the previous page).");
        return app;
    }

    private static async Task<IResult> SearchAsync(HttpRequest request, AnomalyQueries queries, CancellationToken cancellationToken)
    {
        var query = request.Query;
        foreach (var name in query.Keys)
        {
            if (name is not ("kind" or "application" or "min_score" or "from" or "to" or "limit" or "cursor" or "access_token"))
            {
                return PatternsApi.Invalid(name, "is not a parameter of this endpoint (kind, application, min_score, from, to, limit, cursor).");
            }
        }
        var kind = query["kind"].ToString() is { Length: > 0 } k ? k : null;
        if (kind is not null && !Kinds.Contains(kind)) return PatternsApi.Invalid("kind", $"must be one of {string.Join(", ", Kinds)}.");
        var application = query["application"].ToString() is { Length: > 0 } a ? a : null;
        if (application is { Length: > LogFilter.MaxValueLength }) return PatternsApi.Invalid("application", $"is longer than {LogFilter.MaxValueLength} characters.");
        double? minScore = null;
        if (query["min_score"].ToString() is { Length: > 0 } scoreText)
        {
            if (!double.TryParse(scoreText, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || score is < 0 or > 1 || double.IsNaN(score))
            {
                return PatternsApi.Invalid("min_score", "must be a number from 0 to 1.");
            }
            minScore = score;
        }
        DateTimeOffset? from = null, to = null;
        if (query["from"].ToString() is { Length: > 0 } fromText)
        {
            if (!PatternsApi.TryParseTime(fromText, out var parsed)) return PatternsApi.Invalid("from", "must be an ISO 8601 date and time.");
            from = parsed;
        }
        if (query["to"].ToString() is { Length: > 0 } toText)
        {
            if (!PatternsApi.TryParseTime(toText, out var parsed)) return PatternsApi.Invalid("to", "must be an ISO 8601 date and time.");
            to = parsed;
        }
        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, out limit) || limit < 1 || limit > MaxLimit))
        {
            return PatternsApi.Invalid("limit", $"must be a whole number from 1 to {MaxLimit}.");
        }
        long? before = null;
        if (query["cursor"].ToString() is { Length: > 0 } cursorText)
        {
            if (!long.TryParse(cursorText, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor) || cursor < 1)
            {
                return PatternsApi.Invalid("cursor", "is not a cursor this API returned (use next_cursor from the previous page).");
            }
            before = cursor;
        }

        var page = await queries.SearchAsync(new AnomalySearch(kind, application, minScore, from, to, before, limit), cancellationToken);
        return Results.Json(new AnomalyPageResponse(page.Items, page.NextBefore?.ToString(CultureInfo.InvariantCulture)),
            GatewayApiJsonContext.Default.AnomalyPageResponse);
    }
}
