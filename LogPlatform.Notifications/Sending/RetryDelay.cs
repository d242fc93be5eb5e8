namespace LogPlatform.Notifications.Sending;

/// <summary>
/// When to try a failed delivery again: exponential back-off with "equal jitter" (half fixed, half random, so retries of many
/// deliveries spread out but never come sooner than half the step), and never before the receiver's own <c>Retry-After</c>.
/// </summary>
public static class RetryDelay
{
    /// <param name="attempts">Attempts made so far (1 after the first failure).</param>
    /// <param name="random">A value in [0, 1).</param>
    public static TimeSpan For(int attempts, TimeSpan baseDelay, TimeSpan maxDelay, TimeSpan? retryAfter, double random)
    {
        var exponent = Math.Min(Math.Max(attempts - 1, 0), 30);
        var step = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), maxDelay.TotalMilliseconds);
        var delay = TimeSpan.FromMilliseconds(step / 2 + step / 2 * random);
        return retryAfter is { } asked && asked > delay ? (asked < maxDelay ? asked : maxDelay) : delay;
    }
}
