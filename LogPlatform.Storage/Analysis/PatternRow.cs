namespace LogPlatform.Storage.Analysis;

/// <summary>
/// A row of <c>patterns</c>. Read back it holds the totals; written by <see cref="AnalysisStore.CommitAsync"/> its
/// <see cref="Count"/> is what to add (the logs grouped into it since the last commit).
/// </summary>
/// <param name="Id">The miner's 64-bit id as its two's-complement <c>bigint</c>.</param>
/// <param name="ExampleLogIds">Newest first.</param>
public sealed record PatternRow(
    long Id, string Application, string Template, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, long Count,
    long[] ExampleLogIds, string[] Sources);
