namespace LogPlatform.Storage.Analysis;

/// <summary>Which anomalies to list, newest first; <see cref="Before"/> is the cursor (a <c>seq</c> the previous page ended at).</summary>
public sealed record AnomalySearch(
    string? Kind, string? Application, double? MinScore, DateTimeOffset? From, DateTimeOffset? To, long? Before, int Limit);
