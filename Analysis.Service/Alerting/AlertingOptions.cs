using System.ComponentModel.DataAnnotations;

namespace Analysis.Service.Alerting;

/// <summary>Section <c>Alerting</c>: how often the active analysis instance evaluates the alert rules.</summary>
public sealed class AlertingOptions
{
    public const string SectionName = "Alerting";

    /// <summary>How often every rule's condition is applied ("every few seconds").</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")] public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Rules and silences are reloaded on <c>alert-rules:changed</c>, and at least this often (a missed message).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(30);
}
