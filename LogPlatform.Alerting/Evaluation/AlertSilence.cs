namespace LogPlatform.Alerting.Evaluation;

/// <summary>A rule (or one of its groups, when <see cref="Group"/> is set) muted until <see cref="Until"/>.</summary>
public sealed record AlertSilence(Guid RuleId, string? Group, DateTimeOffset Until)
{
    public bool Covers(Guid ruleId, string group, DateTimeOffset now) => RuleId == ruleId && now < Until && (Group is null || Group == group);
}
