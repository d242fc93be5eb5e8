namespace LogPlatform.Storage.Alerting;

/// <summary>A row of <c>alert_silences</c>: a rule, or one grouping value of it (<see cref="Group"/>), muted until a time.</summary>
public sealed record SilenceRow(Guid Id, Guid RuleId, string? Group, DateTimeOffset Until, string Reason, string CreatedBy, DateTimeOffset CreatedAt);
