using Analysis.Service.Anomalies;
using Analysis.Service.Patterns;
using LogPlatform.Contracts;

namespace Analysis.Service.Tests.Evaluation;

/// <summary>What the analysis does with each stored log, in order: mine its pattern, then feed the detectors.</summary>
public sealed class MinedStream
{
    private readonly PatternMiner _miner = new(PatternMinerOptions.Production);
    private readonly AnomalyDetectors _detectors = new(AnomalyDetectionOptions.Production);
    private long _logId;

    public List<Anomaly> Anomalies { get; } = [];

    public AnomalyDetectors Detectors => _detectors;

    /// <summary>Mines and observes one log; its log id and pattern id.</summary>
    public (long LogId, ulong PatternId) Feed(string application, string? source, LogSeverity level, string message, DateTimeOffset at)
    {
        var logId = ++_logId;
        var mined = _miner.Mine(application, message, level, at, logId);
        var observation = new LogObservation(mined.Pattern.Id, mined.Pattern.Template, application, source, level, at, logId,
            mined.Change == PatternChange.Created);
        Anomalies.AddRange(_detectors.Observe(in observation));
        return (logId, mined.Pattern.Id);
    }

    public void Tick(DateTimeOffset now) => Anomalies.AddRange(_detectors.Tick(now));
}
