using LogPlatform.Alerting.Evaluation;
using LogPlatform.Contracts;
using Microsoft.Extensions.Options;

namespace Analysis.Service.Alerting;

/// <summary>
/// The alert rules, evaluated by the active analysis instance on what it analyses anyway: every stored log (with its
/// pattern) and every anomaly. A leader term starts with <see cref="BeginTermAsync"/> (rules, silences, and the incidents
/// still firing, so none fires twice); the pipeline calls <see cref="TickAsync"/> as it goes.
/// </summary>
public sealed partial class AlertRuleEvaluation(
    AlertRuleStore store, AlertDispatcher dispatcher, AlertRuleChanges changes, AlertingTelemetry telemetry, IOptions<AlertingOptions> options,
    TimeProvider time, ILogger<AlertRuleEvaluation> logger)
{
    private readonly AlertingOptions _options = options.Value;
    private AlertEvaluator _evaluator = new(time);
    private DateTimeOffset _nextEvaluation;
    private DateTimeOffset _nextReload;

    public int RuleCount => _evaluator.RuleCount;

    public async Task BeginTermAsync(CancellationToken cancellationToken)
    {
        _evaluator = new AlertEvaluator(time);
        changes.TakeChanged();
        await TryReloadAsync(cancellationToken);
        _evaluator.Restore(await store.LoadOpenIncidentsAsync(cancellationToken));
        _nextEvaluation = time.GetUtcNow() + _options.EvaluationInterval;
    }

    public void Observe(LogEvent log, (ulong Id, bool Created) pattern) => _evaluator.Observe(log, pattern.Id, pattern.Created);

    public void Observe(IReadOnlyList<Anomaly> anomalies)
    {
        foreach (var anomaly in anomalies) _evaluator.Observe(anomaly);
    }

    /// <summary>When an evaluation is due: reloads what changed, evaluates every rule, and dispatches what changed state.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now < _nextEvaluation) return;
        _nextEvaluation = now + _options.EvaluationInterval;
        if (changes.TakeChanged() || now >= _nextReload) await TryReloadAsync(cancellationToken);
        var started = time.GetTimestamp();
        var transitions = _evaluator.Evaluate(now);
        telemetry.Evaluated(_evaluator.RuleCount, time.GetElapsedTime(started));
        if (transitions.Count > 0 || dispatcher.Pending > 0) await dispatcher.DispatchAsync(transitions, cancellationToken);
    }

    /// <summary>When the next evaluation is due (the pipeline waits no longer than this).</summary>
    public DateTimeOffset NextEvaluation => _nextEvaluation;

    /// <summary>
    /// Reloads rules and silences; on failure (PostgreSQL away, or a stored rule that no longer validates) the rules loaded
    /// before stay in force, the analysis goes on, and the next reload tries again.
    /// </summary>
    private async Task TryReloadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        _nextReload = now + _options.ReloadInterval;
        try
        {
            await ReloadAsync(now, cancellationToken);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
        {
            LogReloadFailed(ex.Message);
        }
    }

    private async Task ReloadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rules = await store.LoadRulesAsync(now, cancellationToken);
        var silences = await store.LoadSilencesAsync(now, cancellationToken);
        if (rules.Count != _evaluator.RuleCount) LogRules(rules.Count, silences.Count);
        _evaluator.SetRules(rules);
        _evaluator.SetSilences(silences);
    }

    [LoggerMessage(LogLevel.Information, "Evaluating {Rules} alert rules ({Silences} active silences)")]
    private partial void LogRules(int rules, int silences);

    [LoggerMessage(LogLevel.Warning, "Alert rules could not be reloaded ({Error}); the rules loaded before stay in force until the next reload")]
    private partial void LogReloadFailed(string error);
}
