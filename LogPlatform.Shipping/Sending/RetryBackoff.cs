namespace LogPlatform.Shipping.Sending;

/// <summary>
/// Exponential back-off with jitter: the n-th retry waits a random time between half and all of
/// <c>min(Max, Initial · 2ⁿ)</c>, so many shippers retrying after one outage spread out; a server's <c>Retry-After</c>
/// is a floor (capped at <see cref="Max"/> times four, so a silly value cannot park a shipper for a day).
/// </summary>
public sealed class RetryBackoff(TimeSpan initial, TimeSpan max, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    public TimeSpan Initial { get; } = initial;
    public TimeSpan Max { get; } = max;

    /// <param name="attempt">0 for the first retry.</param>
    public TimeSpan Delay(int attempt, TimeSpan? retryAfter = null)
    {
        var ceiling = Initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        ceiling = Math.Min(ceiling, Max.TotalMilliseconds);
        var delay = TimeSpan.FromMilliseconds(ceiling * (0.5 + _random.NextDouble() * 0.5));
        if (retryAfter is { } floor && floor > delay) delay = floor < Max * 4 ? floor : Max * 4;
        return delay;
    }
}
