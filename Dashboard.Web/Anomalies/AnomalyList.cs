using LogPlatform.Contracts;

namespace Dashboard.Web.Anomalies;

/// <summary>What the Anomalies page lists: the stored history merged with what arrived live, each id once, newest first.</summary>
public static class AnomalyList
{
    /// <param name="live">The session's anomalies (live and backfilled), newest first.</param>
    /// <param name="stored">The gateway's answer for the page's filter.</param>
    /// <param name="application">The page's application filter (null: any), applied to the live ones as the gateway applied it to the stored.</param>
    public static IReadOnlyList<AnomalyRow> Merge(IEnumerable<ReceivedAnomaly> live, IEnumerable<Anomaly> stored, string? application, int limit)
    {
        var rows = new Dictionary<string, AnomalyRow>(StringComparer.Ordinal);
        foreach (var received in live)
        {
            if (application is not null && !string.Equals(received.Anomaly.Application, application, StringComparison.Ordinal)) continue;
            rows.TryAdd(received.Anomaly.Id, new AnomalyRow(received.Anomaly, received.IsLive));
        }
        foreach (var anomaly in stored) rows.TryAdd(anomaly.Id, new AnomalyRow(anomaly, ArrivedLive: false));
        return [.. rows.Values.OrderByDescending(r => r.Anomaly.DetectedAt).ThenByDescending(r => r.ArrivedLive).Take(limit)];
    }
}

/// <summary>One row of the list; <paramref name="ArrivedLive"/> when this session saw it arrive (marked as new).</summary>
public sealed record AnomalyRow(Anomaly Anomaly, bool ArrivedLive);
