namespace Analysis.Service.Anomalies;

/// <summary>
/// A key's count in the current minute and its last completed minutes (a ring: the recent baseline), with their sum
/// and sum of squares kept as minutes enter and leave, so mean and variance cost nothing to read.
/// </summary>
public sealed class MinuteCounts(int capacity)
{
    private readonly int[] _ring = new int[capacity];
    private int _next;
    private double _sum;
    private double _sumOfSquares;

    /// <summary>The minute (Unix minutes) being counted; <see cref="long.MinValue"/> before the first count.</summary>
    public long Minute { get; set; } = long.MinValue;

    public int Current { get; set; }

    /// <summary>Completed minutes in the baseline (at most the capacity).</summary>
    public int History { get; private set; }

    public double Mean => History == 0 ? 0 : _sum / History;

    /// <summary>The sample variance of the baseline's minutes.</summary>
    public double Variance => History < 2 ? 0 : Math.Max(0, (_sumOfSquares - _sum * _sum / History) / (History - 1));

    public void Push(int count)
    {
        if (History == _ring.Length)
        {
            var leaving = _ring[_next];
            _sum -= leaving;
            _sumOfSquares -= (double)leaving * leaving;
        }
        else
        {
            History++;
        }
        _ring[_next] = count;
        _next = (_next + 1) % _ring.Length;
        _sum += count;
        _sumOfSquares += (double)count * count;
    }

    public void PushZeros(long minutes)
    {
        for (long i = 0; i < Math.Min(minutes, _ring.Length); i++) Push(0);
    }
}
