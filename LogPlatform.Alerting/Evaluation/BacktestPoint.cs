namespace LogPlatform.Alerting.Evaluation;

/// <summary>Stored counts of one bucket and group: matching logs (and errors among them), or new patterns, or anomalies.</summary>
public readonly record struct BacktestPoint(DateTimeOffset At, string Group, long Count, long Errors);
