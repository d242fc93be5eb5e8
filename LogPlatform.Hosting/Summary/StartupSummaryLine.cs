namespace LogPlatform.Hosting.Summary;

/// <summary>A line printed after the resource table, rendered once everything is up.</summary>
public sealed record StartupSummaryLine(Func<CancellationToken, Task<string>> Render);
