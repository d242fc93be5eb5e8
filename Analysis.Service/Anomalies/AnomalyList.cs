using LogPlatform.Contracts;

namespace Analysis.Service.Anomalies;

/// <summary>What a detector call yields: nothing (the shared empty array) in the common case, a list only when found.</summary>
public struct AnomalyList
{
    private List<Anomaly>? _found;

    public void Add(Anomaly anomaly) => (_found ??= []).Add(anomaly);

    public void AddRange(IReadOnlyList<Anomaly> anomalies)
    {
        for (var i = 0; i < anomalies.Count; i++) Add(anomalies[i]);
    }

    public readonly IReadOnlyList<Anomaly> Result => _found ?? (IReadOnlyList<Anomaly>)Array.Empty<Anomaly>();
}
