using LogPlatform.Alerting.Rules;
using LogPlatform.Contracts;

namespace LogPlatform.Alerting.Evaluation;

/// <summary>
/// Evaluates alert rules continuously on counts it keeps itself, as logs, new patterns and anomalies go by: no query per
/// rule. <see cref="Evaluate"/> (every few seconds) applies the hysteresis: an incident fires once, repeats only after the
/// rule's repeat interval, and resolves when the condition has stayed clear for the settle period. Not thread-safe: one
/// pipeline feeds it.
/// </summary>
public sealed class AlertEvaluator(TimeProvider time)
{
    /// <summary>Groups one rule tracks at most; values beyond are not tracked (and counted in <see cref="GroupsRefused"/>).</summary>
    public const int MaxGroupsPerRule = 1_000;

    private readonly Dictionary<Guid, RuleTrack> _rules = [];
    private readonly List<AlertTransition> _retired = [];
    private RuleTrack[] _logRules = [];
    private RuleTrack[] _anyApplicationRules = [];
    private Dictionary<string, RuleTrack[]> _applicationRules = [];
    private RuleTrack[] _patternRules = [];
    private RuleTrack[] _anomalyRules = [];
    private IReadOnlyList<AlertSilence> _silences = [];

    public int RuleCount => _rules.Count;

    public long GroupsRefused { get; private set; }

    /// <summary>
    /// Replaces the rules. A rule with the same id and version keeps its windows and incidents; a changed one starts afresh,
    /// and the incidents of a changed, disabled or deleted rule resolve at the next <see cref="Evaluate"/>.
    /// </summary>
    public void SetRules(IEnumerable<AlertRule> rules)
    {
        var now = time.GetUtcNow();
        var wanted = rules.Where(r => r.Enabled).ToDictionary(r => r.Id);
        foreach (var (id, track) in _rules.ToList())
        {
            if (wanted.TryGetValue(id, out var rule) && rule.Version == track.Rule.Version) continue;
            foreach (var (group, state) in track.Groups)
            {
                if (state.Incident is not { } incident) continue;
                var why = wanted.ContainsKey(id) ? "the rule was changed" : "the rule was disabled or deleted";
                _retired.Add(new AlertTransition(track.Rule, incident.Id, group, AlertStates.Resolved, 0, $"resolved: {why}",
                    incident.StartedAt, now, incident.Notified));
            }
            _rules.Remove(id);
        }
        foreach (var rule in wanted.Values)
        {
            if (!_rules.ContainsKey(rule.Id)) _rules[rule.Id] = new RuleTrack(rule, now);
        }
        _logRules = [.. _rules.Values.Where(t => t.Rule.Condition is AlertCondition.CountAbove or AlertCondition.CountBelow or AlertCondition.ErrorRatioAbove)];
        // Most rules name an application: a log is shown only to its application's rules and to the rules of every application.
        _anyApplicationRules = [.. _logRules.Where(t => t.Rule.Filter.Application is null)];
        _applicationRules = _logRules.Where(t => t.Rule.Filter.Application is not null)
            .GroupBy(t => t.Rule.Filter.Application!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.OrdinalIgnoreCase);
        _patternRules = [.. _rules.Values.Where(t => t.Rule.Condition == AlertCondition.NewPattern)];
        _anomalyRules = [.. _rules.Values.Where(t => t.Rule.Condition == AlertCondition.Anomaly)];
    }

    public void SetSilences(IEnumerable<AlertSilence> silences) => _silences = [.. silences];

    /// <summary>Takes back the incidents a previous evaluator left firing (their rules must be set first).</summary>
    public void Restore(IEnumerable<OpenIncident> incidents)
    {
        foreach (var open in incidents)
        {
            if (!_rules.TryGetValue(open.RuleId, out var track) || track.Group(open.Group) is not { } group) continue;
            group.Incident ??= new Incident(open.Id, open.StartedAt) { Notified = open.LastNotifiedAt is not null, LastNotifiedAt = open.LastNotifiedAt ?? open.StartedAt };
        }
    }

    /// <summary>A stored log, with the id of the pattern it was mined into and whether that pattern is new.</summary>
    public void Observe(LogEvent log, ulong patternId, bool newPattern)
    {
        if (_logRules.Length == 0 && (!newPattern || _patternRules.Length == 0)) return;
        var at = Clamp(log.Timestamp);
        var error = log.Level >= LogSeverity.Error ? 1 : 0;
        Count(_anyApplicationRules, log, patternId, at, error);
        if (_applicationRules.Count > 0 && _applicationRules.TryGetValue(log.Application, out var own)) Count(own, log, patternId, at, error);
        if (!newPattern) return;
        foreach (var track in _patternRules)
        {
            if (!track.Matches(log, patternId) || Group(track, track.Rule.Grouping.KeyOf(log)) is not { } group) continue;
            group.Window.Add(at, 1, error);
            group.Detail = $"\"{Shorten(log.Message)}\"";
        }
    }

    private void Count(RuleTrack[] tracks, LogEvent log, ulong patternId, DateTimeOffset at, int error)
    {
        foreach (var track in tracks)
        {
            if (!track.Matches(log, patternId)) continue;
            if ((track.Single ?? Group(track, track.Rule.Grouping.KeyOf(log))) is { } group) group.Window.Add(at, 1, error);
        }
    }

    public void Observe(Anomaly anomaly)
    {
        foreach (var track in _anomalyRules)
        {
            var rule = track.Rule;
            if (rule.AnomalyKind is { } kind && kind != anomaly.Kind) continue;
            if (anomaly.Score < rule.Threshold) continue;
            if (rule.Filter.Application is { } application && !string.Equals(application, anomaly.Application, StringComparison.OrdinalIgnoreCase)) continue;
            if (rule.Filter.Source is { } source && !string.Equals(source, anomaly.Source, StringComparison.OrdinalIgnoreCase)) continue;
            if (rule.PatternId is { } pattern && pattern != anomaly.PatternId) continue;
            if (Group(track, rule.Grouping.KeyOf(anomaly)) is not { } group) continue;
            group.Window.Add(Clamp(anomaly.DetectedAt), 1, 0);
            group.Score = Math.Max(group.Score, anomaly.Score);
            group.Detail = $"{anomaly.Kind} scored {anomaly.Score:0.00}" + (anomaly.Reasons.Count > 0 ? ": " + anomaly.Reasons[0] : "");
        }
    }

    /// <summary>Applies every rule's condition at <paramref name="now"/>; returns the incidents that changed state.</summary>
    public IReadOnlyList<AlertTransition> Evaluate(DateTimeOffset now)
    {
        var transitions = new List<AlertTransition>(_retired);
        _retired.Clear();
        foreach (var track in _rules.Values)
        {
            var rule = track.Rule;
            var warm = now - track.Since >= rule.Window;
            if (rule.Condition == AlertCondition.CountBelow && rule.Grouping.Kind == AlertGroupingKind.None) track.Group("");
            List<string>? idle = null;
            foreach (var (key, group) in track.Groups)
            {
                var (count, errors) = group.Window.Read(now);
                var (breached, value) = Measure(rule, group, count, errors, warm);
                if (breached || group.Incident is not null) Step(transitions, rule, key, group, breached, value, count, errors, now);
                // A group that went quiet is forgotten, except where absence is the point.
                if (group.Incident is null && count == 0 && rule.Condition != AlertCondition.CountBelow && rule.Grouping.Kind != AlertGroupingKind.None) (idle ??= []).Add(key);
            }
            if (idle is not null) foreach (var key in idle) track.Groups.Remove(key);
        }
        return transitions;
    }

    private void Step(List<AlertTransition> transitions, AlertRule rule, string key, GroupState group, bool breached, double value,
        long count, long errors, DateTimeOffset now)
    {
        string Message() => Describe(rule, group, count, errors);

        var silenced = IsSilenced(rule.Id, key, now);
        if (group.Incident is not { } incident)
        {
            if (!breached) return;
            group.Incident = incident = new Incident(Guid.CreateVersion7(now), now) { Notified = !silenced, LastNotifiedAt = now };
            transitions.Add(new AlertTransition(rule, incident.Id, key, AlertStates.Firing, value, Message(), now, now, !silenced));
            return;
        }
        if (breached)
        {
            incident.ClearSince = null;
            if (silenced) return;
            if (!incident.Notified)
            {
                // Fired while silenced, and the silence is over: now people hear of it.
                incident.Notified = true;
                incident.LastNotifiedAt = now;
                transitions.Add(new AlertTransition(rule, incident.Id, key, AlertStates.Firing, value, Message(), incident.StartedAt, now, true));
            }
            else if (rule.RepeatInterval > TimeSpan.Zero && now - incident.LastNotifiedAt >= rule.RepeatInterval)
            {
                incident.LastNotifiedAt = now;
                transitions.Add(new AlertTransition(rule, incident.Id, key, AlertStates.Repeat, value, Message(), incident.StartedAt, now, true));
            }
            return;
        }
        incident.ClearSince ??= now;
        if (now - incident.ClearSince.Value < rule.Settle) return;
        group.Incident = null;
        group.Score = 0;
        transitions.Add(new AlertTransition(rule, incident.Id, key, AlertStates.Resolved, value, "resolved: " + Message(), incident.StartedAt, now,
            incident.Notified && !silenced));
    }

    private static (bool Breached, double Value) Measure(AlertRule rule, GroupState group, long count, long errors, bool warm) => rule.Condition switch
    {
        AlertCondition.CountAbove => (count > rule.Threshold, count),
        AlertCondition.CountBelow => (warm && count < rule.Threshold, count),
        AlertCondition.ErrorRatioAbove => (count > 0 && (double)errors / count > rule.Threshold, count == 0 ? 0 : (double)errors / count),
        AlertCondition.NewPattern => (count > rule.Threshold, count),
        _ => (count > 0, count == 0 ? 0 : group.Score),
    };

    /// <summary>The line a person reads; written only when an incident changes state (evaluations run every few seconds).</summary>
    private static string Describe(AlertRule rule, GroupState group, long count, long errors)
    {
        var window = Describe(rule.Window);
        switch (rule.Condition)
        {
            case AlertCondition.CountAbove:
                return $"{count:N0} logs in {window} (more than {rule.Threshold:N0})";
            case AlertCondition.CountBelow:
                return count == 0 ? $"no logs in {window}" : $"{count:N0} logs in {window} (fewer than {rule.Threshold:N0})";
            case AlertCondition.ErrorRatioAbove:
                var ratio = count == 0 ? 0 : (double)errors / count;
                return $"{ratio:P0} errors ({errors:N0} of {count:N0} logs) in {window} (more than {rule.Threshold:P0})";
            case AlertCondition.NewPattern:
                return $"{count:N0} new pattern{(count == 1 ? "" : "s")} in {window}" + (group.Detail is { } first ? $", latest {first}" : "");
            default:
                return count == 0 ? $"no anomaly in {window}" : $"{count:N0} anomal{(count == 1 ? "y" : "ies")} in {window}, latest {group.Detail}";
        }
    }

    private bool IsSilenced(Guid ruleId, string group, DateTimeOffset now)
    {
        foreach (var silence in _silences) if (silence.Covers(ruleId, group, now)) return true;
        return false;
    }

    private GroupState? Group(RuleTrack track, string key)
    {
        var group = track.Group(key);
        if (group is null) GroupsRefused++;
        return group;
    }

    /// <summary>A timestamp ahead of this clock counts now, not in a bucket that has not begun.</summary>
    private DateTimeOffset Clamp(DateTimeOffset at)
    {
        var now = time.GetUtcNow();
        return at > now ? now : at;
    }

    /// <summary>"5 min", "30 s", "1 h", "1 day".</summary>
    public static string Describe(TimeSpan window) => window.TotalSeconds switch
    {
        < 60 => $"{window.TotalSeconds:0} s",
        < 3600 => $"{window.TotalMinutes:0.#} min",
        < 86_400 => $"{window.TotalHours:0.#} h",
        _ => $"{window.TotalDays:0.#} day{(window.TotalDays == 1 ? "" : "s")}",
    };

    private static string Shorten(string message) => message.Length <= 120 ? message : message[..117] + "...";

    /// <summary>Feeds counts straight into a group's window: the backtest replays stored counts this way.</summary>
    internal void Add(Guid ruleId, string group, DateTimeOffset at, long count, long errors)
    {
        if (_rules.TryGetValue(ruleId, out var track) && Group(track, group) is { } state) state.Window.Add(at, count, errors);
    }

    private sealed class RuleTrack(AlertRule rule, DateTimeOffset since)
    {
        public AlertRule Rule { get; } = rule;
        public DateTimeOffset Since { get; } = since;
        public Dictionary<string, GroupState> Groups { get; } = [];
        private readonly ulong? _pattern = rule.PatternId is { } id ? Convert.ToUInt64(id, 16) : null;

        /// <summary>The one group of a rule without grouping: no key to compute or look up per log.</summary>
        public GroupState? Single => Rule.Grouping.Kind == AlertGroupingKind.None ? _single ??= Group("") : null;
        private GroupState? _single;

        public bool Matches(LogEvent log, ulong patternId) => (_pattern is null || _pattern == patternId) && Rule.Filter.Matches(log);

        public GroupState? Group(string key)
        {
            if (Groups.TryGetValue(key, out var group)) return group;
            if (Groups.Count >= MaxGroupsPerRule) return null;
            return Groups[key] = new GroupState(Rule.Window);
        }
    }

    private sealed class GroupState(TimeSpan window)
    {
        public CountWindow Window { get; } = new(window);
        public Incident? Incident { get; set; }
        public string? Detail { get; set; }
        public double Score { get; set; }
    }

    private sealed class Incident(Guid id, DateTimeOffset startedAt)
    {
        public Guid Id { get; } = id;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public bool Notified { get; set; }
        public DateTimeOffset LastNotifiedAt { get; set; }
        public DateTimeOffset? ClearSince { get; set; }
    }
}
