namespace Dashboard.Web.Live;

/// <summary>Events per second over roughly the last second (renders/s, logs/s seen by a page).</summary>
public sealed class RateCounter
{
    private DateTimeOffset _windowStart;
    private long _inWindow;

    public double PerSecond { get; private set; }

    public void Record(DateTimeOffset now, long count = 1)
    {
        if (_windowStart == default) _windowStart = now;
        _inWindow += count;
        var elapsed = now - _windowStart;
        if (elapsed >= TimeSpan.FromSeconds(1))
        {
            PerSecond = _inWindow / elapsed.TotalSeconds;
            _inWindow = 0;
            _windowStart = now;
        }
    }
}
