namespace LogPlatform.Shipping.Tailing;

/// <summary>Lines per second over the last few seconds, from samples of a running total.</summary>
public sealed class LineRate(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);
    private readonly Queue<(long Ticks, long Total)> _samples = new();
    private readonly Lock _lock = new();

    public double PerSecond(long total)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (_samples.Count == 0 || time.GetElapsedTime(_samples.Last().Ticks, now) >= TimeSpan.FromMilliseconds(200)) _samples.Enqueue((now, total));
            while (_samples.Count > 2 && time.GetElapsedTime(_samples.Peek().Ticks, now) > Window) _samples.Dequeue();
            var (firstTicks, firstTotal) = _samples.Peek();
            var seconds = time.GetElapsedTime(firstTicks, now).TotalSeconds;
            return seconds < 0.5 ? 0 : (total - firstTotal) / seconds;
        }
    }
}
