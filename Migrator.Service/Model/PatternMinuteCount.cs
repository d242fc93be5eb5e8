namespace Migrator.Service.Model;

/// <summary>A row of <c>pattern_minute_counts</c>: how many logs of a pattern, at one level, in one minute (by log timestamp).</summary>
public sealed class PatternMinuteCount
{
    public long PatternId { get; set; }
    public DateTimeOffset Minute { get; set; }
    public short Level { get; set; }
    public long Count { get; set; }
}
