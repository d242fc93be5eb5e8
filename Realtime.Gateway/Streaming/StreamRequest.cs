using LogPlatform.Contracts;

namespace Realtime.Gateway.Streaming;

/// <summary>What a client asked for on connect: a filter, and optionally history (the last N, or everything after an id).</summary>
public sealed record StreamRequest(LogFilter Filter, int? History, long? AfterId)
{
    public bool WantsHistory => History is > 0 || AfterId is not null;

    /// <summary>Reads the query (and, for SSE, <c>Last-Event-ID</c>); on failure a 400 naming the parameter.</summary>
    public static bool TryRead(HttpRequest request, int maxHistory, out StreamRequest streamRequest, out IResult? problem)
    {
        streamRequest = new StreamRequest(LogFilter.All, null, null);
        if (!LogFilter.TryParse(request.Query.Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString())), out var filter, out var error))
        {
            problem = Invalid(error!.Parameter, error.Message);
            return false;
        }

        int? history = null;
        if (request.Query.TryGetValue("history", out var historyText))
        {
            if (!int.TryParse(historyText, out var n) || n < 0 || n > maxHistory)
            {
                problem = Invalid("history", $"'history' must be a whole number from 0 to {maxHistory}.");
                return false;
            }
            history = n;
        }

        long? afterId = null;
        var afterText = request.Query.TryGetValue("after_id", out var q) ? q.ToString() : request.Headers["Last-Event-ID"].ToString();
        if (!string.IsNullOrEmpty(afterText))
        {
            if (!long.TryParse(afterText, out var id) || id < 0)
            {
                problem = Invalid("after_id", "'after_id' (or Last-Event-ID) must be a log id, a whole number.");
                return false;
            }
            afterId = id;
        }

        streamRequest = new StreamRequest(filter, history, afterId);
        problem = null;
        return true;
    }

    private static IResult Invalid(string parameter, string detail) => Results.Problem(statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid stream parameters", detail: detail, extensions: new Dictionary<string, object?> { ["parameter"] = parameter });
}
