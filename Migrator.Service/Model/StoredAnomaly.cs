namespace Migrator.Service.Model;

/// <summary>A row of <c>anomalies</c>: a <see cref="LogPlatform.Contracts.Anomaly"/>; <see cref="Seq"/> orders them for paging.</summary>
public sealed class StoredAnomaly
{
    public long Seq { get; set; }
    public string Id { get; set; } = "";
    public string Kind { get; set; } = "";
    public double Score { get; set; }
    public string Severity { get; set; } = "";
    public string Application { get; set; } = "";
    public string? Source { get; set; }
    public string? PatternId { get; set; }
    public string? Pattern { get; set; }
    public double Observed { get; set; }
    public double Expected { get; set; }
    public string[] Reasons { get; set; } = [];
    public string[] Suggestions { get; set; } = [];
    public DateTimeOffset WindowStart { get; set; }
    public DateTimeOffset WindowEnd { get; set; }
    public long[] ExampleLogIds { get; set; } = [];
    public DateTimeOffset DetectedAt { get; set; }
}
