using LogPlatform.Contracts;

namespace Analysis.Service.Anomalies;

/// <summary>
/// A streaming detector. The analysis pipeline calls it from one thread: <see cref="Observe"/> for every stored log in id
/// order, and <see cref="Tick"/> once a minute (on the pipeline's clock), so that a detector can close its windows even
/// when nothing arrives (silence). What either returns is stored and published on <c>anomalies:live</c>.
/// Registered in DI as one of <c>IEnumerable&lt;IAnomalyDetector&gt;</c>; a detector with nothing to say returns an empty list.
/// </summary>
public interface IAnomalyDetector
{
    IReadOnlyList<Anomaly> Observe(in LogObservation log);

    IReadOnlyList<Anomaly> Tick(DateTimeOffset now);
}
