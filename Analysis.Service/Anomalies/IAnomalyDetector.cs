using LogPlatform.Contracts;

namespace Analysis.Service.Anomalies;

/// <summary>
/// A streaming detector: fed every mined log in id order (<see cref="Observe"/>) and the passing of time
/// (<see cref="Tick"/>, for what only the absence of logs shows). Pure logic: time comes from the observations'
/// timestamps and from <c>now</c>, never from a clock of its own. Not thread-safe: one reader feeds it.
/// Both return the anomalies the call produced, usually none (an empty list, no allocation).
/// </summary>
public interface IAnomalyDetector
{
    IReadOnlyList<Anomaly> Observe(in LogObservation observation);

    IReadOnlyList<Anomaly> Tick(DateTimeOffset now);
}
