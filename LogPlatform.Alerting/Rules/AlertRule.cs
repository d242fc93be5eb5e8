using LogPlatform.Contracts;

namespace LogPlatform.Alerting.Rules;

/// <summary>A valid rule, as the evaluator runs it. Made only by <see cref="TryCreate"/>, which names every invalid field.</summary>
public sealed record AlertRule
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxFilterLength = 2000;
    public const int MinWindowSeconds = 10;
    public const int MaxWindowSeconds = 86_400;
    public const int MinRepeatIntervalSeconds = 60;
    public const int MaxChannels = 20;

    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public bool Enabled { get; init; } = true;
    /// <summary>The filter as the client wrote it (carried in notices, so a receiver can link to the logs).</summary>
    public string FilterQuery { get; init; } = "";
    /// <summary>The filter applied to logs; a pattern id in <c>pattern=</c> is not in it but in <see cref="PatternId"/>.</summary>
    public LogFilter Filter { get; init; } = LogFilter.All;
    /// <summary>A pattern's id (16 hexadecimal digits) from <c>pattern=</c>: matched against the pattern each log was mined into.</summary>
    public string? PatternId { get; init; }
    public required AlertCondition Condition { get; init; }
    public double Threshold { get; init; }
    public TimeSpan Window { get; init; }
    public string? AnomalyKind { get; init; }
    public string Severity { get; init; } = AlertSeverities.Warning;
    public IReadOnlyList<Guid> ChannelIds { get; init; } = [];
    /// <summary>How long a firing incident waits before a reminder; zero: never.</summary>
    public TimeSpan RepeatInterval { get; init; }
    /// <summary>How long the condition must stay clear before the incident resolves.</summary>
    public TimeSpan Settle { get; init; }
    public AlertGrouping Grouping { get; init; } = AlertGrouping.None;
    /// <summary>Bumped on every change: the evaluator keeps an unchanged rule's windows and incidents across reloads.</summary>
    public int Version { get; init; }

    /// <summary>Validates <paramref name="draft"/>; on failure <paramref name="errors"/> maps each wire field name to what is wrong.</summary>
    public static bool TryCreate(Guid id, AlertRuleDraft draft, int version, out AlertRule? rule, out Dictionary<string, string[]> errors)
    {
        errors = [];
        rule = null;
        var name = draft.Name?.Trim();
        if (string.IsNullOrEmpty(name)) Add(errors, "name", "is required.");
        else if (name.Length > MaxNameLength) Add(errors, "name", $"must be at most {MaxNameLength} characters.");
        if (draft.Description is { Length: > MaxDescriptionLength }) Add(errors, "description", $"must be at most {MaxDescriptionLength} characters.");

        var filterQuery = draft.Filter?.Trim().TrimStart('?') ?? "";
        var filter = LogFilter.All;
        string? patternId = null;
        if (filterQuery.Length > MaxFilterLength) Add(errors, "filter", $"must be at most {MaxFilterLength} characters.");
        else if (!Rules.FilterQuery.TryParse(filterQuery, out filter, out var filterError)) Add(errors, "filter." + filterError!.Parameter, filterError.Message);
        else if (filter.Pattern is { } pattern && PatternTemplate.IsPatternId(pattern))
        {
            patternId = pattern.ToLowerInvariant();
            filter = new LogFilter
            {
                MinLevel = filter.MinLevel, LevelMask = filter.LevelMask, Source = filter.Source, Application = filter.Application,
                Text = filter.Text, Properties = filter.Properties,
            };
        }

        if (!AlertConditionNames.TryParse(draft.Condition, out var condition))
        {
            Add(errors, "condition", draft.Condition is null ? $"is required: one of {string.Join(", ", AlertConditionNames.All)}."
                : $"'{draft.Condition}' is not one of {string.Join(", ", AlertConditionNames.All)}.");
        }
        var threshold = draft.Threshold ?? 0;
        if (draft.Condition is not null && errors.ContainsKey("condition") is false)
        {
            switch (condition)
            {
                case AlertCondition.CountAbove or AlertCondition.CountBelow when draft.Threshold is null:
                    Add(errors, "threshold", "is required: a number of logs in the window.");
                    break;
                case AlertCondition.CountAbove or AlertCondition.NewPattern when threshold is < 0 or > 1e9 || double.IsNaN(threshold):
                    Add(errors, "threshold", "must be a count from 0 to 1,000,000,000.");
                    break;
                case AlertCondition.CountBelow when threshold is < 1 or > 1e9 || double.IsNaN(threshold):
                    Add(errors, "threshold", "must be a count from 1 (\"no logs at all\") to 1,000,000,000.");
                    break;
                case AlertCondition.ErrorRatioAbove when draft.Threshold is null || threshold is < 0 or >= 1 || double.IsNaN(threshold):
                    Add(errors, "threshold", "must be a share of errors from 0 up to (not including) 1, e.g. 0.2 for 20 %.");
                    break;
                case AlertCondition.Anomaly when threshold is < 0 or > 1 || double.IsNaN(threshold):
                    Add(errors, "threshold", "must be a minimum anomaly score from 0 to 1.");
                    break;
            }
        }
        if (draft.AnomalyKind is { } kind)
        {
            if (condition != AlertCondition.Anomaly) Add(errors, "anomaly_kind", "applies only to condition 'anomaly'.");
            else if (!KnownAnomalyKinds.Contains(kind)) Add(errors, "anomaly_kind", $"'{kind}' is not one of {string.Join(", ", KnownAnomalyKinds)}.");
        }

        var window = draft.WindowSeconds ?? AlertRuleDraft.DefaultWindowSeconds;
        if (window is < MinWindowSeconds or > MaxWindowSeconds) Add(errors, "window_seconds", $"must be from {MinWindowSeconds} to {MaxWindowSeconds} (one day).");
        var severity = draft.Severity ?? AlertSeverities.Warning;
        if (!AlertSeverities.All.Contains(severity)) Add(errors, "severity", $"'{severity}' is not one of {string.Join(", ", AlertSeverities.All)}.");
        var channels = draft.ChannelIds ?? [];
        if (channels.Count > MaxChannels) Add(errors, "channel_ids", $"must list at most {MaxChannels} channels.");
        else if (channels.Contains(Guid.Empty)) Add(errors, "channel_ids", "must not contain the empty id.");
        var repeat = draft.RepeatIntervalSeconds ?? AlertRuleDraft.DefaultRepeatIntervalSeconds;
        if (repeat != 0 && repeat is < MinRepeatIntervalSeconds or > 7 * MaxWindowSeconds)
        {
            Add(errors, "repeat_interval_seconds", $"must be 0 (never repeat) or from {MinRepeatIntervalSeconds} to {7 * MaxWindowSeconds} (a week).");
        }
        var settle = draft.SettleSeconds ?? AlertRuleDraft.DefaultSettleSeconds;
        if (settle is < 0 or > MaxWindowSeconds) Add(errors, "settle_seconds", $"must be from 0 to {MaxWindowSeconds} (one day).");
        if (!AlertGrouping.TryParse(draft.GroupBy, out var grouping))
        {
            Add(errors, "group_by", $"'{draft.GroupBy}' is not one of application, source, level or properties.NAME.");
        }
        if (errors.Count > 0) return false;

        rule = new AlertRule
        {
            Id = id, Name = name!, Description = draft.Description, Enabled = draft.Enabled ?? true, FilterQuery = filterQuery, Filter = filter,
            PatternId = patternId, Condition = condition, Threshold = threshold, Window = TimeSpan.FromSeconds(window),
            AnomalyKind = draft.AnomalyKind, Severity = severity, ChannelIds = [.. channels.Distinct()],
            RepeatInterval = TimeSpan.FromSeconds(repeat), Settle = TimeSpan.FromSeconds(settle), Grouping = grouping, Version = version,
        };
        return true;
    }

    /// <summary>The rule back as a draft (what the API returns and a PUT sends).</summary>
    public AlertRuleDraft ToDraft() => new()
    {
        Name = Name, Description = Description, Enabled = Enabled, Filter = FilterQuery, Condition = Condition.ToWireName(),
        Threshold = Threshold, WindowSeconds = (int)Window.TotalSeconds, AnomalyKind = AnomalyKind, Severity = Severity,
        ChannelIds = ChannelIds, RepeatIntervalSeconds = (int)RepeatInterval.TotalSeconds, SettleSeconds = (int)Settle.TotalSeconds,
        GroupBy = Grouping.WireName,
    };

    private static readonly string[] KnownAnomalyKinds =
        [AnomalyKinds.NewPattern, AnomalyKinds.RateChange, AnomalyKinds.ErrorBurst, AnomalyKinds.Silence, AnomalyKinds.Sequence];

    private static void Add(Dictionary<string, string[]> errors, string field, string message) => errors[field] = [message];
}
