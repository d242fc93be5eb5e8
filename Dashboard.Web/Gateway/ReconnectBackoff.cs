namespace Dashboard.Web.Gateway;

/// <summary>
/// Capped exponential back-off with jitter for reconnecting to the gateway. It never gives up:
/// after the cap every attempt waits about <see cref="Max"/>, for as long as it takes.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly Func<double> _random;
    private int _attempt;

    /// <param name="initial">Delay before the first retry.</param>
    /// <param name="max">Ceiling of any delay.</param>
    /// <param name="random">Source of jitter in [0, 1); injected so tests see exact delays.</param>
    public ReconnectBackoff(TimeSpan initial, TimeSpan max, Func<double>? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, initial);
        Initial = initial;
        Max = max;
        _random = random ?? Random.Shared.NextDouble;
    }

    public TimeSpan Initial { get; }
    public TimeSpan Max { get; }

    /// <summary>Retries since the last successful connection.</summary>
    public int Attempt => _attempt;

    /// <summary>The delay before the next attempt: initial x 2^attempt, capped, with +-20% jitter so many dashboards do not reconnect in lock-step.</summary>
    public TimeSpan NextDelay()
    {
        var exponent = Math.Min(_attempt, 30);
        _attempt++;
        var baseMs = Math.Min(Max.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(2, exponent));
        var jittered = baseMs * (0.8 + 0.4 * _random());
        return TimeSpan.FromMilliseconds(Math.Min(jittered, Max.TotalMilliseconds));
    }

    /// <summary>Called once a connection is established: the next outage starts from <see cref="Initial"/> again.</summary>
    public void Reset() => _attempt = 0;
}
