using Analysis.Service.Anomalies;
using Analysis.Service.Patterns;
using Analysis.Service.Pipeline;
using Analysis.Service.Tests.Loghub;
using LogPlatform.Contracts;
using LogPlatform.Storage.Analysis;

namespace Analysis.Service.Tests.Pipeline;

/// <summary>The analysis without I/O: counts per commit, restored state, ids seen twice, skipping, and the detectors' call path.</summary>
public sealed class LogAnalyzerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 10, 0, 30, TimeSpan.Zero);

    private static LogEvent Log(long id, string message, LogSeverity level = LogSeverity.Info, string source = "web-01", int minute = 0) => new()
    {
        Id = id,
        Timestamp = T0.AddMinutes(minute),
        ReceivedAt = T0,
        Level = level,
        Message = message,
        Source = source,
        Application = "shop",
    };

    private static LogAnalyzer New(AnalysisState? state = null, params IAnomalyDetector[] detectors)
        => new(PatternMinerOptions.Production, detectors, state ?? new AnalysisState(0, []), maxSources: 2);

    [Fact]
    public void A_commit_holds_what_was_added_since_the_last_one_per_pattern_minute_and_level()
    {
        var analyzer = New();
        Assert.True(analyzer.Analyze(Log(1, "order 17 shipped")));
        Assert.True(analyzer.Analyze(Log(2, "order 18 shipped", LogSeverity.Warn, "web-02")));
        Assert.True(analyzer.Analyze(Log(3, "order 19 shipped", minute: 1, source: "web-03")));
        Assert.False(analyzer.Analyze(Log(2, "order 18 shipped")));  // seen already: ignored

        var first = analyzer.TakeCommit();
        Assert.Equal((0L, 3L), (first.ExpectedLastLogId, first.LastLogId));
        var pattern = Assert.Single(first.Patterns);
        Assert.Equal(3, pattern.Count);
        Assert.Equal([3L, 2, 1], pattern.ExampleLogIds);
        Assert.Equal(["web-01", "web-02"], pattern.Sources.Order());  // bounded at 2
        Assert.Equal(3, first.MinuteCounts.Sum(m => m.Count));
        Assert.Equal(3, first.MinuteCounts.Count);  // (minute 0, info), (minute 0, warn), (minute 1, info)
        Assert.All(first.MinuteCounts, m => Assert.Equal(0, m.Minute.Second));

        analyzer.Analyze(Log(4, "order 20 shipped"));
        var second = analyzer.TakeCommit();
        Assert.Equal((3L, 4L), (second.ExpectedLastLogId, second.LastLogId));
        Assert.Equal(1, Assert.Single(second.Patterns).Count);
        Assert.False(analyzer.HasPending);
    }

    [Fact]
    public void Restored_patterns_keep_their_ids_and_later_lines_join_them()
    {
        var first = New();
        first.Analyze(Log(1, "user alice logged in"));
        first.Analyze(Log(2, "user bob logged in"));
        var committed = first.TakeCommit();
        var stored = committed.Patterns.Select(p => p with { Count = 2 }).ToList();

        var restored = New(new AnalysisState(committed.LastLogId, stored));
        Assert.False(restored.Analyze(Log(2, "user bob logged in")));
        Assert.True(restored.Analyze(Log(3, "user carol logged in")));
        var next = restored.TakeCommit();
        Assert.Equal(stored[0].Id, Assert.Single(next.Patterns).Id);
        Assert.Equal("user <*> logged in", next.Patterns[0].Template);
        Assert.Equal(3, restored.Miner.Find(unchecked((ulong)stored[0].Id))!.Count);
    }

    [Fact]
    public void Skipping_moves_the_checkpoint_without_counting()
    {
        var analyzer = New(new AnalysisState(10, []));
        analyzer.SkipTo(500);
        Assert.True(analyzer.HasPending);
        Assert.False(analyzer.Analyze(Log(400, "late")));
        var commit = analyzer.TakeCommit();
        Assert.Equal((10L, 500L), (commit.ExpectedLastLogId, commit.LastLogId));
        Assert.Empty(commit.Patterns);
    }

    [Fact]
    public void Detectors_see_each_log_with_its_pattern_and_their_anomalies_go_into_the_commit()
    {
        var detector = new FirstFatalDetector();
        var analyzer = New(null, detector);
        analyzer.Analyze(Log(1, "disk 3 failed", LogSeverity.Fatal));
        analyzer.Analyze(Log(2, "disk 4 failed", LogSeverity.Fatal));
        analyzer.Tick(T0.AddMinutes(1));

        Assert.Equal(2, detector.Seen.Count);
        Assert.True(detector.Seen[0].IsNewPattern);
        Assert.False(detector.Seen[1].IsNewPattern);
        Assert.Equal(detector.Seen[0].PatternId, detector.Seen[1].PatternId);
        Assert.Equal("disk <*> failed", detector.Seen[1].Template);
        Assert.Equal(1, detector.Ticks);
        var anomaly = Assert.Single(analyzer.TakeCommit().Anomalies);
        Assert.Equal([1L], anomaly.ExampleLogIds);
        Assert.Empty(analyzer.TakeCommit().Anomalies);
    }

    /// <summary>
    /// The template each loghub line ends up in matches the line, as a regular expression (PatternTemplate): so
    /// <c>pattern=</c> finds every log of a pattern, including the ones stored before the template generalised.
    /// </summary>
    [Theory]
    [InlineData("HDFS")]
    [InlineData("BGL")]
    [InlineData("Apache")]
    [InlineData("Linux")]
    [InlineData("OpenSSH")]
    public void Every_line_matches_the_template_of_its_pattern(string system)
    {
        var miner = new PatternMiner(PatternMinerOptions.Production);
        var lines = LoghubLines.Load(system);
        var patterns = lines.Select((line, i) => miner.Mine(system, line.Content, LogSeverity.Info, T0, i).Pattern).ToList();
        var regexes = patterns.Distinct().ToDictionary(p => p.Id, p => PatternTemplate.ToDotNetRegex(p.Template));
        var misses = lines.Where((line, i) => !regexes[patterns[i].Id].IsMatch(line.Content)).Select(l => l.Content).Take(5).ToList();
        Assert.True(misses.Count == 0, string.Join("\n", misses));
    }

    /// <summary>A detector of the test only: one anomaly for the first fatal log it sees.</summary>
    private sealed class FirstFatalDetector : IAnomalyDetector
    {
        public List<LogObservation> Seen { get; } = [];
        public int Ticks { get; private set; }

        public IReadOnlyList<Anomaly> Observe(in LogObservation log)
        {
            Seen.Add(log);
            if (log.Level != LogSeverity.Fatal || Seen.Count > 1) return [];
            return [new Anomaly
            {
                Id = Guid.NewGuid().ToString(), Kind = AnomalyKinds.ErrorBurst, Severity = "critical", Score = 1,
                Application = log.Application, PatternId = PatternId.Format(log.PatternId), ExampleLogIds = [log.LogId], DetectedAt = log.Timestamp,
            }];
        }

        public IReadOnlyList<Anomaly> Tick(DateTimeOffset now)
        {
            Ticks++;
            return [];
        }
    }
}
