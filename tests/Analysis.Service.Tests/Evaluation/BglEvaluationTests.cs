using Analysis.Service.Anomalies;
using Analysis.Service.Patterns;
using LogPlatform.Contracts;
using Xunit.Abstractions;

namespace Analysis.Service.Tests.Evaluation;

/// <summary>
/// BGL_2k (loghub: 2,000 lines of a Blue Gene/L supercomputer's RAS log over 214 days, 143 of them alerts by the
/// administrators' labels) streamed in order through the miner and the detectors with the production configuration,
/// nothing tuned to it: how well "the line belongs to a flagged anomaly" predicts "the line is an alert".
/// One application (BGL), the node as the source, the line's own level. Ticks every minute after each line (for up to
/// two hours of a gap) stand in for the passing time.
/// BGL_2k is a sample of one line in about 2,400 of the full log, so no minute holds more than 7 lines: the rate and burst
/// detectors (per minute) see nothing there, and what is measured is mostly novelty. The level rule (every error or
/// fatal line) is printed beside it: every alert in this sample is a FATAL line.
/// </summary>
public sealed class BglEvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public void Flagged_lines_predict_bgl_alerts_better_than_chance()
    {
        var lines = BglLine.Load();
        Assert.Equal(2000, lines.Count);
        var stream = new MinedStream();
        var patternIds = new string[lines.Count];
        var last = lines[0].Timestamp;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            for (var t = last.AddMinutes(1); t < line.Timestamp && t < last.AddHours(2); t = t.AddMinutes(1)) stream.Tick(t);
            stream.Tick(line.Timestamp);
            patternIds[i] = PatternId.Format(stream.Feed("BGL", line.Node, line.Level, line.Content, line.Timestamp).PatternId);
            last = line.Timestamp;
        }

        var flagged = new bool[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            flagged[i] = stream.Anomalies.Any(a => AnomalyMembership.Contains(a, "BGL", line.Node, line.Level, patternIds[i], line.Timestamp));
        }
        var ours = Score(lines, flagged);
        var byLevel = Score(lines, lines.Select(l => l.Level >= LogSeverity.Error).ToArray());

        output.WriteLine($"lines {lines.Count}, alerts {lines.Count(l => l.IsAlert)}, anomalies {stream.Anomalies.Count} (" +
            string.Join(", ", stream.Anomalies.GroupBy(a => a.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")) + ")");
        output.WriteLine($"detectors:              {ours}");
        output.WriteLine($"every error-level line: {byLevel}");
        var serious = lines.Select((l, i) => stream.Anomalies.Any(a => a.Severity != AnomalyScore.Info
            && AnomalyMembership.Contains(a, "BGL", l.Node, l.Level, patternIds[i], l.Timestamp))).ToArray();
        output.WriteLine($"  warning and critical:   {Score(lines, serious)}");
        foreach (var kind in stream.Anomalies.Select(a => a.Kind).Distinct().Order())
        {
            var only = lines.Select((l, i) => stream.Anomalies.Any(a => a.Kind == kind
                && AnomalyMembership.Contains(a, "BGL", l.Node, l.Level, patternIds[i], l.Timestamp))).ToArray();
            output.WriteLine($"  {kind,-12} alone: {Score(lines, only)}");
        }

        // Floors under the figures measured (F1 0.128, precision 0.138): a regression shows, no figure is claimed. And better
        // than chance: flagged lines are alerts more often than lines are (7 %).
        var alertShare = lines.Count(l => l.IsAlert) / (double)lines.Count;
        Assert.True(ours.F1 >= 0.10, $"F1 {ours.F1:F3}");
        Assert.True(ours.Precision > 1.5 * alertShare, $"precision {ours.Precision:F3} <= 1.5 × the alert share {alertShare:F3}");
    }

    private static Figures Score(IReadOnlyList<BglLine> lines, bool[] flagged)
    {
        int tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (flagged[i] && lines[i].IsAlert) tp++;
            else if (flagged[i]) fp++;
            else if (lines[i].IsAlert) fn++;
        }
        return new Figures(tp, fp, fn);
    }

    private readonly record struct Figures(int TruePositives, int FalsePositives, int FalseNegatives)
    {
        public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);
        public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);
        public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
        public override string ToString() =>
            $"precision {Precision:F3}, recall {Recall:F3}, F1 {F1:F3} (flagged {TruePositives + FalsePositives}, true {TruePositives})";
    }
}
