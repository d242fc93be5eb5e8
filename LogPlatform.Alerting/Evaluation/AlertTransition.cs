using LogPlatform.Alerting.Rules;
using LogPlatform.Contracts;

namespace LogPlatform.Alerting.Evaluation;

/// <summary>
/// An incident changing state: <see cref="AlertStates.Firing"/>, <see cref="AlertStates.Repeat"/> or
/// <see cref="AlertStates.Resolved"/>. <see cref="Notify"/> is false while a silence covers it (the incident is still recorded).
/// </summary>
public sealed record AlertTransition(
    AlertRule Rule, Guid IncidentId, string Group, string State, double Value, string Message,
    DateTimeOffset StartedAt, DateTimeOffset At, bool Notify)
{
    public DateTimeOffset? ResolvedAt => State == AlertStates.Resolved ? At : null;

    public AlertNotice ToNotice() => new()
    {
        AlertId = IncidentId.ToString(),
        RuleId = Rule.Id.ToString(),
        RuleName = Rule.Name,
        Group = Group,
        State = State,
        Severity = Rule.Severity,
        Message = Message,
        Value = Value,
        Threshold = Rule.Threshold,
        Filter = Rule.FilterQuery,
        StartedAt = StartedAt,
        ResolvedAt = ResolvedAt,
        Timestamp = At,
    };
}
