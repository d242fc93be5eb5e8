using LogPlatform.Alerting.Evaluation;
using LogPlatform.Alerting.Rules;
using LogPlatform.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace LogPlatform.Alerting.Tests.Evaluation;

/// <summary>One evaluator on a fake clock, fed constructed series: what the tests of each condition share.</summary>
internal sealed class RuleScenario
{
    public static readonly DateTimeOffset Start = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Start);
    public AlertEvaluator Evaluator { get; }
    public List<AlertTransition> Transitions { get; } = [];

    public RuleScenario(params AlertRule[] rules)
    {
        Evaluator = new AlertEvaluator(Clock);
        Evaluator.SetRules(rules);
    }

    public static AlertRule Rule(AlertRuleDraft draft, Guid? id = null, int version = 1)
    {
        Assert.True(AlertRule.TryCreate(id ?? Guid.NewGuid(), draft with { Name = draft.Name ?? "test rule" }, version, out var rule, out var errors),
            string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}")));
        return rule!;
    }

    public static LogEvent Log(string application = "shop", LogSeverity level = LogSeverity.Info, string message = "order placed",
        string source = "web", DateTimeOffset? at = null) => new()
    {
        Id = 1, Application = application, Level = level, Message = message, Source = source, Timestamp = at ?? DateTimeOffset.MinValue,
    };

    /// <summary>Sends <paramref name="count"/> logs now (their timestamp is the clock's).</summary>
    public void Send(int count, string application = "shop", LogSeverity level = LogSeverity.Info, string? patternId = null, bool newPattern = false,
        string message = "order placed")
    {
        var pattern = patternId is null ? 0 : Convert.ToUInt64(patternId, 16);
        for (var i = 0; i < count; i++) Evaluator.Observe(Log(application, level, message, at: Clock.GetUtcNow()), pattern, newPattern);
    }

    /// <summary>Advances the clock in steps of <paramref name="step"/> (default 5 s, the service's tick), evaluating after each.</summary>
    public IReadOnlyList<AlertTransition> Run(TimeSpan duration, TimeSpan? step = null, Action? eachStep = null)
    {
        var seen = new List<AlertTransition>();
        var interval = step ?? TimeSpan.FromSeconds(5);
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += interval)
        {
            eachStep?.Invoke();
            Clock.Advance(interval);
            seen.AddRange(Evaluator.Evaluate(Clock.GetUtcNow()));
        }
        Transitions.AddRange(seen);
        return seen;
    }

    public IEnumerable<string> States => Transitions.Select(t => t.State);
}
