namespace LogPlatform.Alerting.Rules;

/// <summary>What a rule watches over its window.</summary>
public enum AlertCondition
{
    /// <summary>More than <c>threshold</c> matching logs in the window.</summary>
    CountAbove,
    /// <summary>Fewer than <c>threshold</c> matching logs in the window ("no logs at all for 10 minutes" is below 1).</summary>
    CountBelow,
    /// <summary>The share of matching logs at error level or above is over <c>threshold</c> (0..1).</summary>
    ErrorRatioAbove,
    /// <summary>More than <c>threshold</c> (default 0) patterns matching the filter first seen in the window.</summary>
    NewPattern,
    /// <summary>An anomaly of <c>anomaly_kind</c> (any when unset) scored at least <c>threshold</c> in the window.</summary>
    Anomaly,
}

/// <summary>The wire names of <see cref="AlertCondition"/>, in one place.</summary>
public static class AlertConditionNames
{
    public const string CountAbove = "count_above";
    public const string CountBelow = "count_below";
    public const string ErrorRatioAbove = "error_ratio_above";
    public const string NewPattern = "new_pattern";
    public const string Anomaly = "anomaly";

    public static readonly IReadOnlyList<string> All = [CountAbove, CountBelow, ErrorRatioAbove, NewPattern, Anomaly];

    public static string ToWireName(this AlertCondition condition) => condition switch
    {
        AlertCondition.CountAbove => CountAbove,
        AlertCondition.CountBelow => CountBelow,
        AlertCondition.ErrorRatioAbove => ErrorRatioAbove,
        AlertCondition.NewPattern => NewPattern,
        _ => Anomaly,
    };

    public static bool TryParse(string? name, out AlertCondition condition)
    {
        (var known, condition) = name switch
        {
            CountAbove => (true, AlertCondition.CountAbove),
            CountBelow => (true, AlertCondition.CountBelow),
            ErrorRatioAbove => (true, AlertCondition.ErrorRatioAbove),
            NewPattern => (true, AlertCondition.NewPattern),
            Anomaly => (true, AlertCondition.Anomaly),
            _ => (false, default),
        };
        return known;
    }
}
