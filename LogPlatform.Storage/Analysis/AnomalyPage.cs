using LogPlatform.Contracts;

namespace LogPlatform.Storage.Analysis;

/// <summary>A page of anomalies, newest first, and the cursor of the next page (null on the last).</summary>
public sealed record AnomalyPage(IReadOnlyList<Anomaly> Items, long? NextBefore);
