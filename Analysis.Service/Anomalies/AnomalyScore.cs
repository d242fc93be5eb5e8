namespace Analysis.Service.Anomalies;

/// <summary>Scores and severities, the same scale for every detector.</summary>
public static class AnomalyScore
{
    public const string Info = "info";
    public const string Warning = "warning";
    public const string Critical = "critical";

    /// <summary>
    /// A tail probability as a score: −log10(p) / 12, so p = 1e-6 (the default alarm level) is 0.5 and p ≤ 1e-12 is 1.
    /// </summary>
    public static double FromTail(double p) => Math.Clamp(-Math.Log10(Math.Max(p, 1e-300)) / 12, 0, 1);

    public static string SeverityOf(double score) => score >= 0.8 ? Critical : score >= 0.5 ? Warning : Info;

    /// <summary>The severity, at least <paramref name="floor"/> (errors are never only "info").</summary>
    public static string SeverityOf(double score, string floor)
    {
        var severity = SeverityOf(score);
        return Rank(severity) >= Rank(floor) ? severity : floor;
    }

    private static int Rank(string severity) => severity switch { Critical => 2, Warning => 1, _ => 0 };

    public static string NewId(DateTimeOffset at) => Guid.CreateVersion7(at).ToString();

    /// <summary>The minute a time falls in, as Unix minutes.</summary>
    public static long MinuteOf(DateTimeOffset at) => at.ToUnixTimeSeconds() is var s && s >= 0 ? s / 60 : (s - 59) / 60;

    public static DateTimeOffset StartOf(long minute) => DateTimeOffset.FromUnixTimeSeconds(minute * 60);
}
