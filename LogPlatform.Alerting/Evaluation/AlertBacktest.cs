using LogPlatform.Alerting.Rules;
using LogPlatform.Contracts;

namespace LogPlatform.Alerting.Evaluation;

/// <summary>
/// Replays stored counts through the same evaluator the analysis service runs, one evaluation per bucket of the rule's
/// window, to say how often the rule would have fired. Silences and repeats do not count.
/// </summary>
public static class AlertBacktest
{
    /// <summary>The bucket the stored counts must be grouped by (<c>date_bin</c>) for <paramref name="rule"/>.</summary>
    public static TimeSpan BucketFor(AlertRule rule) => CountWindow.WidthFor(rule.Window);

    /// <param name="points">Counts per bucket start and group, in time order.</param>
    public static BacktestResult Run(AlertRule rule, IEnumerable<BacktestPoint> points, DateTimeOffset from, DateTimeOffset to)
    {
        var clock = new ReplayClock(from);
        var evaluator = new AlertEvaluator(clock);
        evaluator.SetRules([rule with { Enabled = true }]);
        var step = BucketFor(rule);
        var firings = new List<BacktestFiring>();
        var open = new Dictionary<Guid, int?>(); // every incident still firing, with its place in firings when listed
        var fired = 0;
        var evaluations = 0;
        using var next = points.GetEnumerator();
        var pending = next.MoveNext();
        for (var now = from + step; now <= to + step; now += step)
        {
            var at = now > to ? to : now;
            clock.Now = at;
            while (pending && next.Current.At < at)
            {
                evaluator.Add(rule.Id, next.Current.Group, next.Current.At, next.Current.Count, next.Current.Errors);
                pending = next.MoveNext();
            }
            evaluations++;
            foreach (var transition in evaluator.Evaluate(at))
            {
                if (transition.State == AlertStates.Firing)
                {
                    fired++;
                    int? index = null;
                    if (firings.Count < BacktestResult.MaxFirings)
                    {
                        index = firings.Count;
                        firings.Add(new BacktestFiring(transition.Group, transition.StartedAt, null, transition.Value, transition.Message));
                    }
                    open[transition.IncidentId] = index;
                }
                else if (transition.State == AlertStates.Resolved && open.Remove(transition.IncidentId, out var listed) && listed is { } index)
                {
                    firings[index] = firings[index] with { ResolvedAt = transition.At };
                }
            }
            if (at == to) break;
        }
        return new BacktestResult
        {
            Fired = fired, WindowStart = from, WindowEnd = to, Firings = firings, FiringNow = open.Count > 0,
            Evaluations = evaluations,
        };
    }

    private sealed class ReplayClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
