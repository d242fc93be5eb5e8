using LogPlatform.Contracts;

namespace Dashboard.Web.Anomalies;

/// <summary>An anomaly as this session got it: <paramref name="Sequence"/> orders arrivals, <paramref name="IsLive"/> is false for backfilled history.</summary>
public sealed record ReceivedAnomaly(Anomaly Anomaly, long Sequence, DateTimeOffset ReceivedAt, bool IsLive);
