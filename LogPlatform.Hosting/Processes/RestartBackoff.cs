namespace LogPlatform.Hosting.Processes;

/// <summary>How long to wait before restarting a crashed process: 1 s, 2 s, 4 s ... capped; reset once it has run a while.</summary>
public static class RestartBackoff
{
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(60);

    public static TimeSpan Delay(int consecutiveCrashes)
        => consecutiveCrashes <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(Max.TotalSeconds, Math.Pow(2, Math.Min(consecutiveCrashes - 1, 10))));
}
