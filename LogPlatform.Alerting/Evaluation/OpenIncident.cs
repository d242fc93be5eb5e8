namespace LogPlatform.Alerting.Evaluation;

/// <summary>A firing incident as stored, handed back to a new evaluator so a restart neither fires it again nor forgets it.</summary>
public sealed record OpenIncident(Guid Id, Guid RuleId, string Group, DateTimeOffset StartedAt, DateTimeOffset? LastNotifiedAt);
