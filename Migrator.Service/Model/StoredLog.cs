using System.Text.Json;

namespace Migrator.Service.Model;

/// <summary>A row of <c>logs</c>: one stored log with its database id.</summary>
public sealed class StoredLog
{
    public long Id { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    /// <summary><see cref="LogPlatform.Contracts.LogSeverity"/> as a number, so "at least warn" is a range.</summary>
    public short Level { get; set; }
    public string Message { get; set; } = "";
    public string Source { get; set; } = "";
    public string Application { get; set; } = "";
    public string? TraceId { get; set; }
    public string? SpanId { get; set; }
    public JsonDocument? Properties { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset StoredAt { get; set; }
}
