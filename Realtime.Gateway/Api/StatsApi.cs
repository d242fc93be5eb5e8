using System.Text;
using LogPlatform.Contracts;
using Realtime.Gateway.Security;
using StackExchange.Redis;

namespace Realtime.Gateway.Api;

/// <summary>The latest live figures and their recent history (for a chart's first paint), from <c>stats:history</c>.</summary>
public static class StatsApi
{
    public const int MaxPoints = 720;
    public const int MaxAlerts = 200;

    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        var stats = app.MapGroup("/api/v1/stats").WithTags("Stats").RequireStreamToken().AllowBrowserOrigins();

        stats.MapGet("/", async (IConnectionMultiplexer redis) =>
            await redis.GetDatabase().ListGetByIndexAsync(RedisNames.StatsHistoryList, 0) is { IsNull: false } latest
                ? Results.Text((string)latest!, "application/json", Encoding.UTF8)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No stats yet", detail: "Stats.Service has not published yet."))
            .WithSummary("The latest live figures");

        stats.MapGet("/history", async (IConnectionMultiplexer redis, int? points) =>
        {
            var count = points ?? 120;
            if (count is < 1 or > MaxPoints) return OutOfRange("points", MaxPoints);
            var newestFirst = await redis.GetDatabase().ListRangeAsync(RedisNames.StatsHistoryList, 0, count - 1);
            // Oldest first, as a chart draws them; the items are JSON already, so they are joined, not re-serialised.
            var body = new StringBuilder("[");
            for (var i = newestFirst.Length - 1; i >= 0; i--)
            {
                body.Append((string?)newestFirst[i]);
                if (i > 0) body.Append(',');
            }
            return Results.Text(body.Append(']').ToString(), "application/json", Encoding.UTF8);
        }).WithSummary("Recent live figures, oldest first (points, default 120 = one minute)");

        app.MapGet("/api/v1/system-alerts", async (IConnectionMultiplexer redis, int? limit) =>
        {
            var count = limit ?? 50;
            if (count is < 1 or > MaxAlerts) return OutOfRange("limit", MaxAlerts);
            var newestFirst = await redis.GetDatabase().ListRangeAsync(RedisNames.AlertsHistoryList, 0, count - 1);
            return Results.Text("[" + string.Join(',', newestFirst.Select(a => (string?)a)) + "]", "application/json", Encoding.UTF8);
        }).WithTags("Stats").RequireStreamToken().AllowBrowserOrigins().WithSummary("Recent system alerts, newest first (limit, default 50)");
        return app;
    }

    private static IResult OutOfRange(string parameter, int max) => Results.Problem(statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid query parameters", detail: $"'{parameter}' must be a whole number from 1 to {max}.");
}
