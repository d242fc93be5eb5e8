namespace LoadGenerator;

/// <summary>
/// Latencies in µs in log-spaced buckets (1% apart): constant memory however many samples (fan-out records millions),
/// thread-safe, percentiles within 1%.
/// </summary>
public sealed class LatencyHistogram
{
    private const double Growth = 1.01;
    private static readonly double LogGrowth = Math.Log(Growth);
    private readonly long[] _buckets = new long[2400]; // 1.01^2400 µs ≈ 6 days
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Record(double microseconds)
    {
        var index = microseconds <= 1 ? 0 : Math.Min(_buckets.Length - 1, (int)(Math.Log(microseconds) / LogGrowth));
        Interlocked.Increment(ref _buckets[index]);
        Interlocked.Increment(ref _count);
    }

    /// <summary>One histogram of the samples of several (recorded apart so that receivers do not contend for one counter).</summary>
    public static LatencyHistogram Merge(IEnumerable<LatencyHistogram> parts)
    {
        var merged = new LatencyHistogram();
        foreach (var part in parts)
        {
            for (var i = 0; i < merged._buckets.Length; i++) merged._buckets[i] += Interlocked.Read(ref part._buckets[i]);
            merged._count += part.Count;
        }
        return merged;
    }

    /// <summary>The value (µs) at or below which <paramref name="quantile"/> of the samples fall; NaN without samples.</summary>
    public double Percentile(double quantile)
    {
        var total = Count;
        if (total == 0) return double.NaN;
        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            if (seen >= rank) return Math.Pow(Growth, i + 0.5);
        }
        return Math.Pow(Growth, _buckets.Length);
    }

    public string Describe() => Count == 0
        ? "no samples"
        : $"p50 {Percentile(0.50) / 1000:0.0} ms, p99 {Percentile(0.99) / 1000:0.0} ms ({Count:N0} samples)";
}
