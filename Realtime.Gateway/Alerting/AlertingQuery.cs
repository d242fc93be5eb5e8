using System.Globalization;

namespace Realtime.Gateway.Alerting;

/// <summary>Query parameters of the alerting reads: unknown names refused, each bad value a 400 naming it.</summary>
internal static class AlertingQuery
{
    /// <summary>Null when every parameter is one of <paramref name="known"/> (or the token); else the problem naming the first stranger.</summary>
    public static IResult? RejectUnknown(IQueryCollection query, params string[] known)
    {
        foreach (var name in query.Keys)
        {
            if (name != "access_token" && !known.Contains(name))
            {
                return AlertingResults.Invalid(AlertingResults.InvalidQuery, name, $"is not a parameter of this endpoint ({string.Join(", ", known)}).");
            }
        }
        return null;
    }

    public static bool TryReadTime(IQueryCollection query, string name, out DateTimeOffset? value, ref IResult? problem)
    {
        value = null;
        if (query[name].ToString() is not { Length: > 0 } text) return true;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }
        problem = AlertingResults.Invalid(AlertingResults.InvalidQuery, name, "must be an ISO 8601 date and time, e.g. 2026-12-03T08:00:00Z.");
        return false;
    }
}
