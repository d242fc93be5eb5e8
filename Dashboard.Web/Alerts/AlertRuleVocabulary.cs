namespace Dashboard.Web.Alerts;

/// <summary>The values the rule editor offers, as the gateway's validation accepts them.</summary>
public static class AlertRuleVocabulary
{
    public const string CountAbove = "count_above";
    public const string CountBelow = "count_below";
    public const string ErrorRatioAbove = "error_ratio_above";
    public const string NewPattern = "new_pattern";
    public const string Anomaly = "anomaly";

    public static readonly IReadOnlyList<(string Value, string Label)> Conditions =
    [
        (CountAbove, "More than N logs in the window"),
        (CountBelow, "Fewer than N logs in the window"),
        (ErrorRatioAbove, "Share of errors above (0..1)"),
        (NewPattern, "New patterns in the window"),
        (Anomaly, "An anomaly scored at least (0..1)"),
    ];

    public static readonly IReadOnlyList<string> AnomalyKinds = ["new_pattern", "rate_change", "error_burst", "silence", "sequence"];
    public static readonly IReadOnlyList<string> Severities = ["info", "warning", "critical"];
    public static readonly IReadOnlyList<string> ChannelKinds = ["webhook", "slack", "discord", "email"];

    /// <summary>What the threshold means for a condition (the field's hint).</summary>
    public static string ThresholdHint(string condition) => condition switch
    {
        CountAbove or CountBelow => "logs in the window",
        ErrorRatioAbove => "share of errors, e.g. 0.2",
        Anomaly => "minimum score, 0..1",
        _ => "ignored (0)",
    };

    /// <summary>One line for the rules list: "count_above 10 in 300 s".</summary>
    public static string Describe(AlertRule rule) => rule.Condition switch
    {
        CountAbove => $"more than {rule.Threshold:0.##} logs in {rule.WindowSeconds} s",
        CountBelow => $"fewer than {rule.Threshold:0.##} logs in {rule.WindowSeconds} s",
        ErrorRatioAbove => $"errors above {rule.Threshold:0.##%} in {rule.WindowSeconds} s",
        NewPattern => $"new patterns in {rule.WindowSeconds} s",
        Anomaly => $"{rule.AnomalyKind ?? "any"} anomaly scored ≥ {rule.Threshold:0.##} in {rule.WindowSeconds} s",
        _ => rule.Condition,
    };
}
