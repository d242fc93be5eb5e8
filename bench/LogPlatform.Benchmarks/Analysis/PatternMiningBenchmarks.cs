extern alias analysis;

using System.Text.RegularExpressions;
using analysis::Analysis.Service.Patterns;
using Analysis.Service.Tests.Loghub;
using BenchmarkDotNet.Attributes;
using LogPlatform.Contracts;

namespace LogPlatform.Benchmarks.Analysis;

/// <summary>
/// Mining real loghub lines, the five 2k samples interleaved (10,000 lines, each system its own application).
/// Results are per line (OperationsPerInvoke): the mean is the time per line on one core, so lines/s per core is
/// 1 / mean; Allocated is bytes per line.
/// - NaiveSplitRegex (baseline): what one writes first, string.Split, a regex per token for numbers, the joined
///   template as a dictionary key.
/// - MaskAndTokenise: the masker and tokeniser alone, the floor under mining.
/// - MineKnownPatterns: the steady state online, every line's pattern already known (the miner saw the lines once).
/// - MineFromEmpty: a fresh miner per pass, so every pattern is created and generalised along the way.
/// Run: dotnet run -c Release --project bench/LogPlatform.Benchmarks -- --filter '*PatternMining*' --job short
/// </summary>
[MemoryDiagnoser]
public partial class PatternMiningBenchmarks
{
    private const int Lines = 10_000;
    private (string Application, string Message)[] _lines = null!;
    private PatternMiner _warm = null!;
    private MaskedTokens _tokens = null!;
    private readonly DateTimeOffset _now = DateTimeOffset.UnixEpoch;

    [GeneratedRegex(@"\d")]
    private static partial Regex Digit();

    [GlobalSetup]
    public void Setup()
    {
        var bySystem = LoghubLines.Systems.Select(LoghubLines.Load).ToArray();
        _lines = Enumerable.Range(0, bySystem.Max(s => s.Count))
            .SelectMany(i => bySystem.Where(s => i < s.Count).Select(s => (s[i].System, s[i].Content)))
            .ToArray();
        if (_lines.Length != Lines) throw new InvalidOperationException($"expected {Lines} lines, read {_lines.Length}");
        _warm = new PatternMiner(PatternMinerOptions.Production);
        _tokens = new MaskedTokens(PatternMinerOptions.Production.MaxTokens);
        MineKnownPatterns();
    }

    [Benchmark(OperationsPerInvoke = Lines, Baseline = true)]
    public int NaiveSplitRegex()
    {
        var templates = new Dictionary<string, int>();
        foreach (var (application, message) in _lines)
        {
            var tokens = message.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < tokens.Length; i++)
            {
                if (Digit().IsMatch(tokens[i])) tokens[i] = "<*>";
            }
            var key = application + "\0" + string.Join(' ', tokens);
            templates[key] = templates.GetValueOrDefault(key) + 1;
        }
        return templates.Count;
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public int MaskAndTokenise()
    {
        var tokens = 0;
        foreach (var (_, message) in _lines)
        {
            _tokens.Read(message);
            tokens += _tokens.Count;
        }
        return tokens;
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public ulong MineKnownPatterns()
    {
        ulong ids = 0;
        for (var i = 0; i < _lines.Length; i++)
        {
            ids ^= _warm.Mine(_lines[i].Application, _lines[i].Message, LogSeverity.Info, _now, i).Pattern.Id;
        }
        return ids;
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public int MineFromEmpty()
    {
        var miner = new PatternMiner(PatternMinerOptions.Production);
        for (var i = 0; i < _lines.Length; i++)
        {
            miner.Mine(_lines[i].Application, _lines[i].Message, LogSeverity.Info, _now, i);
        }
        return miner.PatternCount;
    }
}
