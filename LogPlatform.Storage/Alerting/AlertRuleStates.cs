namespace LogPlatform.Storage.Alerting;

/// <summary>A rule's state as the API shows it, from <c>alerts</c> and <c>alert_silences</c>.</summary>
public static class AlertRuleStates
{
    /// <summary>No incident of the rule is firing, and it is not silenced as a whole.</summary>
    public const string Ok = "ok";
    /// <summary>An incident of the rule (any group) is firing.</summary>
    public const string Firing = "firing";
    /// <summary>Not firing, and a silence of the whole rule (no group) is in force.</summary>
    public const string Silenced = "silenced";
}
