namespace Stats.Service.Publishing;

/// <summary>
/// Rate of a monotonically growing counter over a sliding time window: (newest - oldest) / elapsed. A counter that goes
/// back (the data was reset) starts the window over instead of giving a negative rate.
/// </summary>
public sealed class RateWindow(TimeSpan window)
{
    private readonly LinkedList<(long Timestamp, long Value)> samples = new();

    public double Add(long timestamp, long value, TimeProvider time)
    {
        if (samples.Last is { } last && value < last.Value.Value) samples.Clear();
        samples.AddLast((timestamp, value));
        // Drop the oldest while the next one still starts the full window.
        while (samples.First!.Next is { } second && second != samples.Last && time.GetElapsedTime(second.Value.Timestamp, timestamp) >= window)
        {
            samples.RemoveFirst();
        }
        var (firstTimestamp, firstValue) = samples.First.Value;
        var elapsed = time.GetElapsedTime(firstTimestamp, timestamp).TotalSeconds;
        return elapsed <= 0 ? 0 : (value - firstValue) / elapsed;
    }
}
