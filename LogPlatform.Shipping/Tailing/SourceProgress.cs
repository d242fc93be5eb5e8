namespace LogPlatform.Shipping.Tailing;

/// <summary>A snapshot of a source: its files, lines shipped in total and per second, errors.</summary>
public sealed record SourceProgress(IReadOnlyList<FileProgress> Files, long LinesTotal, double LinesPerSecond, long Errors, string? LastError)
{
    public long LagBytes => Files.Sum(f => f.LagBytes);
}
