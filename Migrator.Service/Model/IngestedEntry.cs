namespace Migrator.Service.Model;

/// <summary>A row of the ledger <c>ingested_entries</c>: a stream entry whose logs are stored (the exactly-once check).</summary>
public sealed class IngestedEntry
{
    public string StreamId { get; set; } = "";
    public DateTimeOffset StoredAt { get; set; }
}
