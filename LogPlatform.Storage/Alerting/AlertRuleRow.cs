using LogPlatform.Alerting.Rules;

namespace LogPlatform.Storage.Alerting;

/// <summary>A row of <c>alert_rules</c>: the valid rule, when it was made and changed, and its state (<see cref="AlertRuleStates"/>).</summary>
public sealed record AlertRuleRow(AlertRule Rule, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string State);
