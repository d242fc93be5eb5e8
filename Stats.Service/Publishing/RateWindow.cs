namespace Stats.Service.Publishing;

/// <summary>
/// Rate of a monotonically growing counter over a sliding time window: (newest - oldest) / elapsed. A counter that goes
/// back (the data was reset) starts the window over instead of giving a negative rate.
/// </summary>
public sealed class RateWindow(TimeSpan window)
{
    private readonly LinkedList<(long Timestamp, long Value)> _samples = new();

    public double Add(long timestamp, long value, TimeProvider time)
    {
        if (_samples.Last is { } last && value < last.Value.Value) _samples.Clear();
        _samples.AddLast((timestamp, value));
        // Drop the oldest while the next one still starts the full window.
        while (_samples.First!.Next is { } second && second != _samples.Last && time.GetElapsedTime(second.Value.Timestamp, timestamp) >= window)
        {
            _samples.RemoveFirst();
        }
        var (firstTimestamp, firstValue) = _samples.First.Value;
        var elapsed = time.GetElapsedTime(firstTimestamp, timestamp).TotalSeconds;
        return elapsed <= 0 ? 0 : (value - firstValue) / elapsed;
    }
}
