namespace Migrator.Service.Model;

/// <summary>A row of <c>alert_silences</c>: a rule (or one grouping value of it) muted until a time, with who and why.</summary>
public sealed class StoredAlertSilence
{
    public Guid Id { get; set; }
    public Guid RuleId { get; set; }
    /// <summary>Null silences every grouping value of the rule.</summary>
    public string? GroupKey { get; set; }
    public DateTimeOffset Until { get; set; }
    public string Reason { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
