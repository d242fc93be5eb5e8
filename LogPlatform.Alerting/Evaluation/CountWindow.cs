namespace LogPlatform.Alerting.Evaluation;

/// <summary>
/// Counts over a sliding window in at most <see cref="MaxBuckets"/> buckets (a ring): adding and reading are O(1) amortised
/// and the memory is fixed, whatever the rate. A read covers the newest bucket (partly elapsed) and the ones before it.
/// </summary>
internal sealed class CountWindow
{
    public const int MaxBuckets = 60;

    private readonly long _widthTicks;
    private readonly int _buckets;
    private readonly long[] _counts;
    private readonly long[] _errors;
    private long _head = -1;
    private long _count;
    private long _errorCount;

    public CountWindow(TimeSpan window)
    {
        _widthTicks = WidthFor(window).Ticks;
        _buckets = (int)Math.Clamp(window.Ticks / _widthTicks, 1, MaxBuckets);
        _counts = new long[_buckets];
        _errors = new long[_buckets];
    }

    /// <summary>A bucket's width for <paramref name="window"/>: a sixtieth, at least a second.</summary>
    public static TimeSpan WidthFor(TimeSpan window) => TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, window.Ticks / MaxBuckets));

    /// <summary>When something was last added (the start of its bucket); null when never.</summary>
    public DateTimeOffset? LastAdded { get; private set; }

    public void Add(DateTimeOffset at, long count, long errors)
    {
        var index = at.UtcTicks / _widthTicks;
        if (index > _head) Advance(index);
        else if (index <= _head - _buckets) return; // older than the window: it counts for nothing now
        var slot = (int)(index % _buckets);
        _counts[slot] += count;
        _errors[slot] += errors;
        _count += count;
        _errorCount += errors;
        var start = new DateTimeOffset(index * _widthTicks, TimeSpan.Zero);
        if (LastAdded is not { } last || start > last) LastAdded = start;
    }

    public (long Count, long Errors) Read(DateTimeOffset now)
    {
        var index = now.UtcTicks / _widthTicks;
        if (index > _head) Advance(index);
        return (_count, _errorCount);
    }

    private void Advance(long index)
    {
        if (_head < 0)
        {
            _head = index;
            return;
        }
        var steps = Math.Min(index - _head, _buckets);
        for (var i = 1; i <= steps; i++)
        {
            var slot = (int)((_head + i) % _buckets);
            _count -= _counts[slot];
            _errorCount -= _errors[slot];
            _counts[slot] = 0;
            _errors[slot] = 0;
        }
        _head = index;
    }
}
