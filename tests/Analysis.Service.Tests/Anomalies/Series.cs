using Analysis.Service.Anomalies;
using LogPlatform.Contracts;

namespace Analysis.Service.Tests.Anomalies;

/// <summary>Constructed streams for the detector tests: Poisson arrivals in simulated time from a fixed seed.</summary>
public sealed class Series(int seed = 1)
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Random _random = new(seed);
    private long _logId;

    public long NextLogId => ++_logId;

    /// <summary>A Poisson count with the given mean (Knuth's method for small means, a normal approximation above 200).</summary>
    public int Poisson(double mean)
    {
        if (mean > 200) return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * Normal()));
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = _random.NextDouble(); p > limit; p *= _random.NextDouble()) k++;
        return k;
    }

    public double Normal() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    public double Uniform() => _random.NextDouble();

    public LogObservation Log(DateTimeOffset at, ulong pattern = 1, string application = "shop", string? source = "web-1",
        LogSeverity level = LogSeverity.Info, bool isNew = false, string? template = null)
        => new(pattern, template ?? $"pattern {pattern}", application, source, level, at, NextLogId, isNew);

    /// <summary>
    /// <paramref name="count"/> logs spread evenly over the minute <paramref name="minute"/> (after <see cref="T0"/>),
    /// each fed to the detector with the anomalies collected.
    /// </summary>
    public static void Minute(IAnomalyDetector detector, List<Anomaly> found, int minute, int count, Func<DateTimeOffset, LogObservation> log)
    {
        for (var i = 0; i < count; i++)
        {
            found.AddRange(detector.Observe(log(T0.AddMinutes(minute).AddSeconds(60.0 * (i + 0.5) / count))));
        }
        found.AddRange(detector.Tick(T0.AddMinutes(minute + 1)));
    }
}
