using System.Diagnostics.Metrics;
using LogPlatform.Contracts;

namespace Analysis.Service.Alerting;

/// <summary>The alert evaluator's figures, on the analysis service's Meter (<see cref="TelemetryNames.Analysis"/>).</summary>
public sealed class AlertingTelemetry
{
    private readonly Counter<long> _evaluations;
    private readonly Histogram<double> _evaluationTime;
    private readonly Counter<long> _transitions;
    private readonly Counter<long> _queued;
    private int _rules;

    public AlertingTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(TelemetryNames.Analysis);
        _evaluations = meter.CreateCounter<long>("logplatform.alerting.evaluations", description: "Evaluations of every alert rule");
        _evaluationTime = meter.CreateHistogram<double>("logplatform.alerting.evaluation.duration", unit: "ms", description: "Time to evaluate every rule once");
        _transitions = meter.CreateCounter<long>("logplatform.alerting.transitions", description: "Incidents firing, repeating and resolving");
        _queued = meter.CreateCounter<long>("logplatform.alerting.notifications_queued", description: "Notifications handed to the outbox");
        meter.CreateObservableGauge("logplatform.alerting.rules", () => Volatile.Read(ref _rules), description: "Enabled alert rules evaluated");
    }

    public void Evaluated(int rules, TimeSpan elapsed)
    {
        Volatile.Write(ref _rules, rules);
        _evaluations.Add(1);
        _evaluationTime.Record(elapsed.TotalMilliseconds);
    }

    public void Transition(string state) => _transitions.Add(1, new KeyValuePair<string, object?>("state", state));

    public void NotificationQueued() => _queued.Add(1);
}
