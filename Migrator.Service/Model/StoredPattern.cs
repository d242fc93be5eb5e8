namespace Migrator.Service.Model;

/// <summary>
/// A row of <c>patterns</c>: one template mined by the analysis service, with what was seen of it. The id is the miner's
/// 64-bit pattern id (stored as its two's-complement <c>bigint</c>), fixed when the pattern was created.
/// </summary>
public sealed class StoredPattern
{
    public long Id { get; set; }
    public string Application { get; set; } = "";
    public string Template { get; set; } = "";
    public DateTimeOffset FirstSeen { get; set; }
    public DateTimeOffset LastSeen { get; set; }
    /// <summary>Logs grouped into it since it was first created (over evictions and restarts).</summary>
    public long Count { get; set; }
    /// <summary>The latest log ids of the pattern, newest first.</summary>
    public long[] ExampleLogIds { get; set; } = [];
    /// <summary>The sources it occurs in (bounded).</summary>
    public string[] Sources { get; set; } = [];
}
