namespace Migrator.Service.Model;

/// <summary>
/// A row of <c>analysis_checkpoints</c>: the last log id a consumer of the stored logs has processed, written in the same
/// transaction as what it derived from them (the pattern counts), so a restart neither loses nor repeats a log.
/// </summary>
public sealed class AnalysisCheckpoint
{
    public string Name { get; set; } = "";
    public long LastLogId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
