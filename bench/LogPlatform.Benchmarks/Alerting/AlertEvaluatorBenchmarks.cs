using System.Text.Json;
using BenchmarkDotNet.Attributes;
using LogPlatform.Alerting.Evaluation;
using LogPlatform.Alerting.Rules;
using LogPlatform.Contracts;

namespace LogPlatform.Benchmarks.Alerting;

/// <summary>
/// The alert evaluator's cost per stored log with 100 rules, beside the same logs with no rule (the baseline: the loop and
/// the first check). One invocation is one second of a 5,000 logs/s platform: 5,000 logs over 20 applications, 4 sources
/// and the six levels, some with a job_run_id property, and then the evaluation of every rule (the service evaluates every
/// 2 s, so this over-counts it twice). The 100 rules mix what teams write: per application error counts, error ratios,
/// absence, grouped by application or source, a property filter, text and template filters, new patterns.
/// Results are per log (OperationsPerInvoke); the mean × 5,000 is the evaluator's share of a core at 5,000 logs/s.
/// Run: dotnet run -c Release --project bench/LogPlatform.Benchmarks -- --filter '*AlertEvaluator*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class AlertEvaluatorBenchmarks
{
    private const int LogsPerSecond = 5_000;
    private LogEvent[] _logs = null!;
    private ulong[] _patterns = null!;
    private AlertEvaluator _none = null!;
    private AlertEvaluator _hundred = null!;
    private ManualClock _clock = null!;

    [GlobalSetup]
    public void Setup()
    {
        _clock = new ManualClock(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero));
        var messages = new[] { "GET /api/orders/{0} answered 200 in {1} ms", "payment {0} declined: insufficient funds", "cache miss for key order:{0}", "user {0} logged in" };
        _logs = [.. Enumerable.Range(0, LogsPerSecond).Select(i => new LogEvent
        {
            Id = i,
            // Ahead of any clock: the evaluator counts it now (it clamps), so one set of logs serves every second.
            Timestamp = DateTimeOffset.MaxValue,
            Application = "app-" + (i % 20),
            Source = "web-0" + (i % 4),
            Level = (LogSeverity)(i % 6),
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, messages[i % messages.Length], 1000 + i, i % 250),
            Properties = i % 10 == 0 ? JsonDocument.Parse($$"""{"job_run_id":"{{i % 7}}"}""").RootElement.Clone() : null,
        })];
        _patterns = [.. Enumerable.Range(0, LogsPerSecond).Select(i => (ulong)(i % messages.Length) + 1)];
        _none = new AlertEvaluator(_clock);
        _none.SetRules([]);
        _hundred = new AlertEvaluator(_clock);
        _hundred.SetRules(Rules());
        for (var s = 0; s < 300; s++) Second(_hundred); // windows full
    }

    private static IEnumerable<AlertRule> Rules()
    {
        for (var i = 0; i < 100; i++)
        {
            var app = "app-" + (i % 20);
            var draft = (i % 10) switch
            {
                0 => new AlertRuleDraft { Condition = "count_above", Threshold = 1e6, Filter = $"application={app}&min_level=error" },
                1 => new AlertRuleDraft { Condition = "error_ratio_above", Threshold = 0.9, Filter = $"application={app}" },
                2 => new AlertRuleDraft { Condition = "count_below", Threshold = 1, WindowSeconds = 600, Filter = $"application={app}" },
                3 => new AlertRuleDraft { Condition = "count_above", Threshold = 1e6, GroupBy = "application", Filter = "min_level=warn" },
                4 => new AlertRuleDraft { Condition = "count_above", Threshold = 1e6, GroupBy = "source", Filter = $"application={app}" },
                5 => new AlertRuleDraft { Condition = "count_above", Threshold = 1e6, Filter = "job_run_id=3" },
                6 => new AlertRuleDraft { Condition = "count_above", Threshold = 1e6, Filter = $"application={app}&q=declined" },
                7 => new AlertRuleDraft { Condition = "count_above", Threshold = 1e6, Filter = "pattern=payment+<*>+declined:+insufficient+funds" },
                8 => new AlertRuleDraft { Condition = "new_pattern", Filter = "min_level=error" },
                _ => new AlertRuleDraft { Condition = "count_above", Threshold = 1e6, GroupBy = "level", Filter = $"source=web-0{i % 4}" },
            };
            if (!AlertRule.TryCreate(Guid.NewGuid(), draft with { Name = $"rule {i}" }, 1, out var rule, out var errors))
            {
                throw new InvalidOperationException(string.Join("; ", errors.Keys));
            }
            yield return rule!;
        }
    }

    private int Second(AlertEvaluator evaluator)
    {
        _clock.Now += TimeSpan.FromSeconds(1);
        var logs = _logs;
        var at = _clock.Now;
        for (var i = 0; i < logs.Length; i++) evaluator.Observe(logs[i], _patterns[i], newPattern: false);
        return evaluator.Evaluate(at).Count;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = LogsPerSecond)]
    public int NoRules() => Second(_none);

    [Benchmark(OperationsPerInvoke = LogsPerSecond)]
    public int HundredRules() => Second(_hundred);

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
