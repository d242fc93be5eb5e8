using LogPlatform.Contracts;

namespace Analysis.Service.Tests.Evaluation;

/// <summary>
/// Steady background traffic in simulated time: three applications, seven sources, thirteen message kinds at rates from
/// a heartbeat every 10 s to about one a second per source, as Poisson arrivals (the heartbeat periodic), with a seed.
/// Incidents are switched on and off by the caller between seconds.
/// </summary>
public sealed class SyntheticWorkload(int seed)
{
    public sealed record Stream(string Application, string Source, LogSeverity Level, double PerSecond, Func<Random, string> Message)
    {
        public double Multiplier { get; set; } = 1;
        public bool Stopped { get; set; }
    }

    private static readonly string[] Words = ["laptop", "phone", "desk", "lamp", "chair", "camera", "watch", "bag", "shoes", "coffee"];

    private readonly Random _random = new(seed);

    public List<Stream> Streams { get; } = [];

    public static SyntheticWorkload Standard(int seed)
    {
        var workload = new SyntheticWorkload(seed);
        foreach (var source in new[] { "web-1", "web-2", "web-3" })
        {
            workload.Add("shop", source, LogSeverity.Info, 0.8, r => $"GET /api/products/{r.Next(1, 5000)} 200 {r.Next(2, 90)}ms");
            workload.Add("shop", source, LogSeverity.Info, 0.3, r => $"user u{r.Next(1, 90000)} added item {r.Next(1, 5000)} to cart");
            workload.Add("shop", source, LogSeverity.Info, 0.1, r => $"checkout started for order {r.Next(100000, 999999)}");
            workload.Add("shop", source, LogSeverity.Debug, 0.5, r => $"cache miss for key product:{r.Next(1, 5000)}");
            workload.Add("shop", source, LogSeverity.Warn, 0.02, r => $"slow query took {r.Next(500, 3000)} ms on table orders");
            workload.Add("shop", source, LogSeverity.Error, 0.01, r => $"payment declined for order {r.Next(100000, 999999)}: card expired");
        }
        foreach (var source in new[] { "bill-1", "bill-2" })
        {
            workload.Add("billing", source, LogSeverity.Info, 0.2, r => $"invoice {r.Next(1, 999999)} created for customer c{r.Next(1, 9999)}");
            workload.Add("billing", source, LogSeverity.Info, 0.2, r => $"invoice {r.Next(1, 999999)} sent to customer c{r.Next(1, 9999)}");
            workload.Add("billing", source, LogSeverity.Warn, 0.02, r => $"retrying webhook delivery {r.Next(1, 99999)} attempt {r.Next(1, 5)}");
        }
        workload.Add("billing", "scheduler", LogSeverity.Info, 0.1, _ => "heartbeat ok");
        workload.Add("search", "search-1", LogSeverity.Info, 1.0, r => $"served query {Words[r.Next(Words.Length)]} in {r.Next(1, 40)} ms");
        workload.Add("search", "search-1", LogSeverity.Info, 0.05, r => $"index segment {r.Next(1, 999)} merged in {r.Next(10, 900)} ms");
        workload.Add("search", "search-1", LogSeverity.Warn, 0.01, r => $"served query {Words[r.Next(Words.Length)]} timed out after {r.Next(1000, 5000)} ms");
        return workload;
    }

    public Stream Add(string application, string source, LogSeverity level, double perSecond, Func<Random, string> message)
    {
        var stream = new Stream(application, source, level, perSecond, message);
        Streams.Add(stream);
        return stream;
    }

    /// <summary>The stream whose messages start with <paramref name="messageStart"/> and do not contain <paramref name="unlike"/>.</summary>
    public Stream Find(string application, string source, string messageStart, string unlike = "\0")
        => Streams.Single(s => s.Application == application && s.Source == source
            && s.Message(new Random(0)) is var m && m.StartsWith(messageStart, StringComparison.Ordinal) && !m.Contains(unlike));

    /// <summary>The logs of the second starting at <paramref name="second"/>, in time order.</summary>
    public IEnumerable<(Stream Stream, DateTimeOffset At, string Message)> Second(DateTimeOffset second)
    {
        var logs = new List<(Stream, DateTimeOffset, string)>();
        foreach (var stream in Streams)
        {
            if (stream.Stopped) continue;
            var rate = stream.PerSecond * stream.Multiplier;
            if (stream.Message(new Random(0)) == "heartbeat ok")
            {
                // Periodic: on the tenth second.
                if (second.ToUnixTimeSeconds() % 10 == 0) logs.Add((stream, second.AddMilliseconds(_random.Next(0, 50)), "heartbeat ok"));
                continue;
            }
            for (var n = Poisson(rate); n > 0; n--) logs.Add((stream, second.AddMilliseconds(_random.Next(0, 1000)), stream.Message(_random)));
        }
        return logs.OrderBy(l => l.Item2);
    }

    private int Poisson(double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = _random.NextDouble(); p > limit; p *= _random.NextDouble()) k++;
        return k;
    }
}
