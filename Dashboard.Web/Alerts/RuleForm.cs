namespace Dashboard.Web.Alerts;

/// <summary>
/// What the rule editor's inputs bind to: mutable, blanks allowed, so that the gateway's validation (not the form) decides
/// what is wrong and names the field. <see cref="ToDraft"/> is what is previewed and saved.
/// </summary>
public sealed class RuleForm
{
    public Guid? Id { get; private init; }
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public bool Enabled { get; set; } = true;
    public string Filter { get; set; } = "";
    public string Condition { get; set; } = AlertRuleVocabulary.CountAbove;
    public double? Threshold { get; set; } = 10;
    public int? WindowSeconds { get; set; } = 300;
    /// <summary>Empty: any kind.</summary>
    public string AnomalyKind { get; set; } = "";
    public string Severity { get; set; } = "warning";
    public HashSet<Guid> ChannelIds { get; } = [];
    public int? RepeatIntervalSeconds { get; set; } = 3600;
    public int? SettleSeconds { get; set; } = 60;
    /// <summary>Empty: one incident for everything.</summary>
    public string GroupBy { get; set; } = "";

    public bool IsNew => Id is null;

    public static RuleForm From(AlertRule rule)
    {
        var form = new RuleForm
        {
            Id = rule.Id, Name = rule.Name, Description = rule.Description ?? "", Enabled = rule.Enabled, Filter = rule.Filter,
            Condition = rule.Condition, Threshold = rule.Threshold, WindowSeconds = rule.WindowSeconds, AnomalyKind = rule.AnomalyKind ?? "",
            Severity = rule.Severity, RepeatIntervalSeconds = rule.RepeatIntervalSeconds, SettleSeconds = rule.SettleSeconds, GroupBy = rule.GroupBy ?? "",
        };
        form.ChannelIds.UnionWith(rule.ChannelIds);
        return form;
    }

    public AlertRuleDraft ToDraft() => new()
    {
        Name = Name.Trim(),
        Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
        Enabled = Enabled,
        Filter = Filter.Trim(),
        Condition = Condition,
        Threshold = Threshold,
        WindowSeconds = WindowSeconds,
        // The kind applies to anomaly rules only; the gateway refuses it on the others.
        AnomalyKind = Condition == AlertRuleVocabulary.Anomaly && AnomalyKind.Length > 0 ? AnomalyKind : null,
        Severity = Severity,
        ChannelIds = [.. ChannelIds.Order()],
        RepeatIntervalSeconds = RepeatIntervalSeconds,
        SettleSeconds = SettleSeconds,
        GroupBy = string.IsNullOrWhiteSpace(GroupBy) ? null : GroupBy.Trim(),
    };
}
