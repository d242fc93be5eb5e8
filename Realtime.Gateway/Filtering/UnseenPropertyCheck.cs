using LogPlatform.Contracts;

namespace Realtime.Gateway.Filtering;

/// <summary>
/// Refuses, with a 400 naming it, a query parameter that is neither one the endpoint knows nor a property the platform has
/// seen (<see cref="SeenPropertyNames"/>). Other malformed filters are left to the endpoint, which names them itself.
/// </summary>
public static class UnseenPropertyCheck
{
    public static TBuilder RejectUnseenProperties<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.AddEndpointFilter(async (context, next) =>
        {
            var request = context.HttpContext.Request;
            if (request.Query.Count == 0) return await next(context);
            var candidates = PropertyFilterNames(request.Query.Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString())));
            if (candidates.Count == 0) return await next(context);
            var names = context.HttpContext.RequestServices.GetRequiredService<SeenPropertyNames>();
            if (await names.FirstUnseenAsync(candidates) is not { } error) return await next(context);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid query parameters", detail: error.Message,
                extensions: new Dictionary<string, object?> { ["parameter"] = error.Parameter });
        });

    /// <summary>
    /// The parameters that would be read as property filters: not a filter (level, q...), not reserved (limit, cursor,
    /// access_token...), not paging-like (the endpoint honours or refuses those), with a value. Empty when the filter is
    /// malformed: the endpoint reports that itself.
    /// </summary>
    public static IReadOnlyList<string> PropertyFilterNames(IEnumerable<KeyValuePair<string, string?>> query)
        => LogFilter.TryParse(query, LogFilter.PagingParameters, out var filter, out _) ? [.. filter.Properties.Select(p => p.Key)] : [];
}
