extern alias analysis;

using analysis::Analysis.Service.Anomalies;
using analysis::Analysis.Service.Patterns;
using Analysis.Service.Tests.Loghub;
using BenchmarkDotNet.Attributes;
using LogPlatform.Contracts;

namespace LogPlatform.Benchmarks.Analysis;

/// <summary>
/// The detectors in steady state beside the miner alone, on the same 10,000 loghub lines (the five 2k samples
/// interleaved, each system its own application, eight sources each, one line in twenty an error and one a warning).
/// Each invocation is one more simulated minute (the lines spread over it, a tick every 600 lines), so minutes roll,
/// baselines move and thresholds are recomputed as they would online. Results are per line (OperationsPerInvoke):
/// 1 / mean is lines per second per core; Allocated is bytes per line.
/// - MineKnownPatterns (baseline): PatternMiner.Mine alone, every pattern known.
/// - Detect: AnomalyDetectors.Observe (all four detectors) on the mined observations, and the ticks.
/// - MineAndDetect: both, what the analysis does per stored log.
/// Run: dotnet run -c Release --project bench/LogPlatform.Benchmarks -- --filter '*AnomalyDetection*' --job short --inProcess
/// (in process: on a loaded machine the generated project's build passes BenchmarkDotNet's 2-minute build timeout).
/// </summary>
[MemoryDiagnoser]
[MinColumn] // on a shared machine the fastest iteration is the closest to the cost on a core of one's own
public class AnomalyDetectionBenchmarks
{
    private const int Lines = 10_000;
    private const int TickEvery = 600;
    private static readonly string[] Sources = ["n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7"];
    private (string Application, string Source, LogSeverity Level, string Message)[] _lines = null!;
    private LogObservation[] _observations = null!;
    private PatternMiner _miner = null!;
    private AnomalyDetectors _detectors = null!;
    private readonly DateTimeOffset _start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private int _minute;

    [GlobalSetup]
    public void Setup()
    {
        var bySystem = LoghubLines.Systems.Select(LoghubLines.Load).ToArray();
        _lines = Enumerable.Range(0, bySystem.Max(s => s.Count))
            .SelectMany(i => bySystem.Where(s => i < s.Count).Select(s => (s[i].System, s[i].Content)))
            .Select((l, i) => (l.System, Sources[i % Sources.Length], i % 20 == 0 ? LogSeverity.Error : i % 20 == 1 ? LogSeverity.Warn : LogSeverity.Info, l.Content))
            .ToArray();
        if (_lines.Length != Lines) throw new InvalidOperationException($"expected {Lines} lines, read {_lines.Length}");
        _miner = new PatternMiner(PatternMinerOptions.Production);
        _observations = new LogObservation[Lines];
        for (var i = 0; i < Lines; i++)
        {
            var (application, source, level, message) = _lines[i];
            var pattern = _miner.Mine(application, message, level, _start, i).Pattern;
            _observations[i] = new LogObservation(pattern.Id, pattern.Template, application, source, level, _start, i, false);
        }
        _detectors = new AnomalyDetectors(AnomalyDetectionOptions.Production);
        // Past every warm-up and with a full baseline: an hour of the same traffic.
        for (var m = 0; m < 70; m++) Detect();
    }

    [Benchmark(OperationsPerInvoke = Lines, Baseline = true)]
    public ulong MineKnownPatterns()
    {
        ulong ids = 0;
        var now = _start;
        for (var i = 0; i < _lines.Length; i++)
        {
            var (application, _, level, message) = _lines[i];
            ids ^= _miner.Mine(application, message, level, now, i).Pattern.Id;
        }
        return ids;
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public int Detect()
    {
        var found = 0;
        var minute = _start.AddMinutes(_minute++);
        for (var i = 0; i < _observations.Length; i++)
        {
            var at = minute.AddTicks(TimeSpan.TicksPerMinute / Lines * i);
            found += _detectors.Observe(_observations[i] with { Timestamp = at, LogId = i }).Count;
            if (i % TickEvery == 0) found += _detectors.Tick(at).Count;
        }
        return found;
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public int MineAndDetect()
    {
        var found = 0;
        var minute = _start.AddMinutes(_minute++);
        for (var i = 0; i < _lines.Length; i++)
        {
            var at = minute.AddTicks(TimeSpan.TicksPerMinute / Lines * i);
            var (application, source, level, message) = _lines[i];
            var mined = _miner.Mine(application, message, level, at, i);
            var observation = new LogObservation(mined.Pattern.Id, mined.Pattern.Template, application, source, level, at, i,
                mined.Change == PatternChange.Created);
            found += _detectors.Observe(in observation).Count;
            if (i % TickEvery == 0) found += _detectors.Tick(at).Count;
        }
        return found;
    }
}
