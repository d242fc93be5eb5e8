using Analysis.Service.Anomalies;
using Analysis.Service.Patterns;
using LogPlatform.Contracts;
using LogPlatform.Storage.Analysis;

namespace Analysis.Service.Pipeline;

/// <summary>
/// The analysis of the stored logs, in id order, without I/O: each log is mined into its pattern, counted (per pattern,
/// minute and level) and shown to the detectors; <see cref="TakeCommit"/> hands what changed since the last commit to
/// storage together with the id it reached. Built from the stored state, so pattern ids and totals carry over restarts.
/// Not thread-safe: one pipeline feeds it.
/// </summary>
public sealed class LogAnalyzer
{
    private readonly PatternMiner _miner;
    private readonly IAnomalyDetector[] _detectors;
    private readonly int _maxSources;
    private readonly Dictionary<ulong, PatternSources> _sources = [];
    private readonly Dictionary<ulong, (LogPattern Pattern, long Added)> _touched = [];
    private readonly Dictionary<(ulong Pattern, long Minute, LogSeverity Level), long> _minutes = [];
    private readonly List<Anomaly> _anomalies = [];

    public LogAnalyzer(PatternMinerOptions minerOptions, IEnumerable<IAnomalyDetector> detectors, AnalysisState state, int maxSources)
    {
        _miner = new PatternMiner(minerOptions);
        _detectors = [.. detectors];
        _maxSources = maxSources;
        foreach (var row in state.Patterns)
        {
            var id = unchecked((ulong)row.Id);
            _miner.Restore(id, row.Application, row.Template, row.FirstSeen, row.LastSeen, row.Count, row.ExampleLogIds);
            _sources[id] = new PatternSources(maxSources, row.Sources);
        }
        CommittedLogId = LastLogId = state.LastLogId;
    }

    /// <summary>The last log id analysed (or skipped).</summary>
    public long LastLogId { get; private set; }

    /// <summary>The last log id the stored state covers.</summary>
    public long CommittedLogId { get; private set; }

    /// <summary>Logs analysed since the last commit.</summary>
    public int PendingLogs { get; private set; }

    public PatternMiner Miner => _miner;

    /// <summary>The pattern the last analysed log was mined into, and whether the log created it (what alert rules watch).</summary>
    public (ulong Id, bool Created) LastPattern { get; private set; }

    /// <summary>Analyses <paramref name="log"/>; a log at or below <see cref="LastLogId"/> was seen already and is ignored.</summary>
    public bool Analyze(LogEvent log)
    {
        if (log.Id <= LastLogId) return false;
        LastLogId = log.Id;
        PendingLogs++;

        var mined = _miner.Mine(log.Application, log.Message, log.Level, log.Timestamp, log.Id);
        var pattern = mined.Pattern;
        LastPattern = (pattern.Id, mined.Change == PatternChange.Created);
        _touched[pattern.Id] = (pattern, _touched.GetValueOrDefault(pattern.Id).Added + 1);
        if (!_sources.TryGetValue(pattern.Id, out var sources)) _sources[pattern.Id] = sources = new PatternSources(_maxSources, []);
        sources.Add(log.Source);
        var minute = PatternQueries.Minute(log.Timestamp).UtcTicks;
        var key = (pattern.Id, minute, log.Level);
        _minutes[key] = _minutes.GetValueOrDefault(key) + 1;

        if (_detectors.Length > 0)
        {
            var observation = new LogObservation(pattern.Id, pattern.Template, log.Application, log.Source, log.Level, log.Timestamp,
                log.Id, mined.Change == PatternChange.Created);
            foreach (var detector in _detectors) _anomalies.AddRange(detector.Observe(observation));
        }
        return true;
    }

    /// <summary>Moves past logs up to <paramref name="logId"/> without analysing them (the analysis fell too far behind).</summary>
    public void SkipTo(long logId)
    {
        if (logId > LastLogId) LastLogId = logId;
    }

    /// <summary>The detectors' minute tick: what they find without a new log (silence, windows closing).</summary>
    public void Tick(DateTimeOffset now)
    {
        foreach (var detector in _detectors) _anomalies.AddRange(detector.Tick(now));
    }

    /// <summary>True when there is something to commit: logs analysed, skipped, or anomalies found.</summary>
    public bool HasPending => LastLogId != CommittedLogId || _anomalies.Count > 0;

    /// <summary>
    /// What changed since the last commit, and resets it: the caller stores it, and on any failure throws this analyzer
    /// away and builds a new one from storage (nothing is lost: the checkpoint did not move).
    /// </summary>
    public AnalysisCommit TakeCommit()
    {
        var patterns = _touched.Values.Select(t => new PatternRow(unchecked((long)t.Pattern.Id), t.Pattern.Application, t.Pattern.Template,
            t.Pattern.FirstSeen, t.Pattern.LastSeen, t.Added, t.Pattern.Examples.ToArray(), _sources[t.Pattern.Id].ToArray())).ToList();
        var minutes = _minutes.Select(m => new MinuteCount(unchecked((long)m.Key.Pattern), new DateTimeOffset(m.Key.Minute, TimeSpan.Zero),
            (short)m.Key.Level, m.Value)).ToList();
        var commit = new AnalysisCommit(CommittedLogId, LastLogId, patterns, minutes, [.. _anomalies]);

        // Sources of patterns the miner has evicted are not needed any more (a pattern created again starts afresh).
        foreach (var id in _sources.Keys.Where(id => _miner.Find(id) is null).ToList()) _sources.Remove(id);
        _touched.Clear();
        _minutes.Clear();
        _anomalies.Clear();
        CommittedLogId = LastLogId;
        PendingLogs = 0;
        return commit;
    }
}
