namespace LogPlatform.Alerting.Rules;

/// <summary>A rule's severity, as notices and notifications carry it.</summary>
public static class AlertSeverities
{
    public const string Info = "info";
    public const string Warning = "warning";
    public const string Critical = "critical";

    public static readonly IReadOnlyList<string> All = [Info, Warning, Critical];
}
