using System.Text.Json;

namespace LogPlatform.Contracts;

/// <summary>
/// What a client asked to see: the same filter for the REST API, WebSocket and SSE streams and the dashboard.
/// Immutable with value equality, so clients with equal filters can share one matcher.
/// </summary>
public sealed class LogFilter : IEquatable<LogFilter>
{
    public const int MaxProperties = 8;
    public const int MaxValueLength = 256;

    /// <summary>Query parameters with a meaning of their own: never read as property filters.</summary>
    /// <remarks><c>stream</c> is not one: <c>stream=stderr</c> filters on the log's <c>stream</c> property.</remarks>
    public static readonly IReadOnlySet<string> ReservedParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "min_level", "level", "source", "application", "q", "pattern",
        "access_token", "history", "after_id", "limit", "cursor", "from", "to", "include_total", "format", "max",
    };

    /// <summary>
    /// Parameters that look like paging, sorting or a date: read as property filters they would match nothing and return
    /// an empty page that looks like an answer, so they are refused unless the endpoint honours them.
    /// </summary>
    public static readonly IReadOnlySet<string> PagingParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "offset", "page", "page_size", "per_page", "date", "sort", "order", "skip", "take", "sort_by", "order_by",
    };

    private static readonly IReadOnlySet<string> NoneHonoured = new HashSet<string>();

    public static readonly LogFilter All = new();

    /// <summary>Logs at this level or above.</summary>
    public LogSeverity? MinLevel { get; init; }

    /// <summary>Bit i set = level i allowed; 0 = any level.</summary>
    public byte LevelMask { get; init; }

    /// <summary>Exact source (case-insensitive).</summary>
    public string? Source { get; init; }

    /// <summary>Exact application (case-insensitive).</summary>
    public string? Application { get; init; }

    /// <summary>The message contains this text (case-insensitive).</summary>
    public string? Text { get; init; }

    /// <summary>
    /// The message fits this pattern template (<see cref="PatternTemplate"/>). The logs API also takes a pattern's id here
    /// and puts the stored template in its place before querying.
    /// </summary>
    public string? Pattern
    {
        get => _pattern;
        init
        {
            _pattern = value;
            _patternRegex = null;
        }
    }

    private readonly string? _pattern;
    private System.Text.RegularExpressions.Regex? _patternRegex;

    /// <summary>Property equalities, sorted by name (e.g. job_run_id = 42).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Properties { get; init; } = [];

    public IEnumerable<LogSeverity> Levels
    {
        get
        {
            for (var i = 0; i <= (int)LogSeverity.Fatal; i++)
            {
                if ((LevelMask & (1 << i)) != 0) yield return (LogSeverity)i;
            }
        }
    }

    public bool IsEmpty => MinLevel is null && LevelMask == 0 && Source is null && Application is null && Text is null && Pattern is null && Properties.Count == 0;

    public bool Matches(LogEvent log)
    {
        if (MinLevel is { } min && log.Level < min) return false;
        if (LevelMask != 0 && (LevelMask & (1 << (int)log.Level)) == 0) return false;
        if (Source is not null && !string.Equals(log.Source, Source, StringComparison.OrdinalIgnoreCase)) return false;
        if (Application is not null && !string.Equals(log.Application, Application, StringComparison.OrdinalIgnoreCase)) return false;
        if (Text is not null && !log.Message.Contains(Text, StringComparison.OrdinalIgnoreCase)) return false;
        if (Pattern is not null && !(_patternRegex ??= PatternTemplate.ToDotNetRegex(Pattern)).IsMatch(log.Message)) return false;
        if (Properties.Count > 0)
        {
            if (log.Properties is not { ValueKind: JsonValueKind.Object } properties) return false;
            foreach (var (name, expected) in Properties)
            {
                if (!properties.TryGetProperty(name, out var actual) || !PropertyEquals(actual, expected)) return false;
            }
        }
        return true;
    }

    /// <summary>A property matches on its text: <c>job_run_id=42</c> matches both 42 and "42" (as SQL's <c>properties->>'k'</c> does).</summary>
    private static bool PropertyEquals(JsonElement actual, string expected) => actual.ValueKind switch
    {
        JsonValueKind.String => actual.ValueEquals(expected),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => actual.GetRawText() == expected,
        _ => false,
    };

    /// <summary>
    /// Reads a filter from query parameters: <c>min_level</c>, <c>level</c> (comma list), <c>source</c>, <c>application</c>,
    /// <c>q</c> (text), and any other non-reserved parameter as a property equality.
    /// </summary>
    /// <param name="error">On failure: which parameter and why.</param>
    public static bool TryParse(IEnumerable<KeyValuePair<string, string?>> query, out LogFilter filter, out LogFilterError? error)
        => TryParse(query, NoneHonoured, out filter, out error);

    /// <summary>
    /// As the overload without <paramref name="honoured"/>; a <see cref="PagingParameters">paging-like parameter</see>
    /// is an error unless it is in <paramref name="honoured"/>, the parameters the endpoint reads itself (skipped here).
    /// </summary>
    public static bool TryParse(IEnumerable<KeyValuePair<string, string?>> query, IReadOnlySet<string> honoured,
        out LogFilter filter, out LogFilterError? error)
    {
        filter = All;
        LogSeverity? minLevel = null;
        byte mask = 0;
        string? source = null, application = null, text = null, pattern = null;
        var properties = new SortedDictionary<string, string>(StringComparer.Ordinal);

        foreach (var (rawName, rawValue) in query)
        {
            var name = rawName.Trim();
            var value = rawValue?.Trim();
            if (honoured.Contains(name)) continue;
            // Refused even when empty: the client meant something by it that this endpoint does not do.
            if (PagingParameters.Contains(name))
            {
                error = new(name, $"'{name}' looks like paging, sorting or a date, which this endpoint does not support. The logs API " +
                                  "pages newest first with 'limit' and 'cursor' and takes a time range as 'from' and 'to'; " +
                                  "the streams take 'history' or 'after_id'.");
                return false;
            }
            if (string.IsNullOrEmpty(value)) continue;
            if (value.Length > MaxValueLength)
            {
                error = new(name, $"'{name}' is longer than {MaxValueLength} characters.");
                return false;
            }

            switch (name.ToLowerInvariant())
            {
                case "min_level":
                    if (!LogSeverityNames.TryParse(value, out var min))
                    {
                        error = new("min_level", $"'min_level' must be one of {LogSeverityNames.Accepted}; got '{value}'.");
                        return false;
                    }
                    minLevel = min;
                    break;
                case "level":
                    foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!LogSeverityNames.TryParse(part, out var level))
                        {
                            error = new("level", $"'level' must be a comma-separated list of {LogSeverityNames.Accepted}; got '{part}'.");
                            return false;
                        }
                        mask |= (byte)(1 << (int)level);
                    }
                    break;
                case "source": source = value; break;
                case "application": application = value; break;
                case "q": text = value; break;
                case "pattern": pattern = value; break;
                default:
                    if (ReservedParameters.Contains(name)) break;
                    if (!IsPropertyName(name))
                    {
                        error = new(name, $"'{name}' is not a known parameter nor a valid property name (letters, digits, '_', '-', '.').");
                        return false;
                    }
                    properties[name] = value;
                    if (properties.Count > MaxProperties)
                    {
                        error = new(name, $"At most {MaxProperties} property filters are allowed ('{name}' is one too many).");
                        return false;
                    }
                    break;
            }
        }

        filter = new LogFilter
        {
            MinLevel = minLevel,
            LevelMask = mask,
            Source = source,
            Application = application,
            Text = text,
            Pattern = pattern,
            Properties = properties.ToArray(),
        };
        error = null;
        return true;
    }

    /// <summary>
    /// Why a property filter is refused when no stored log has had the name (and no client family relies on it): read as a
    /// filter it would match nothing, an empty answer that looks like one, as a typo or an unsupported parameter would.
    /// </summary>
    public static LogFilterError UnseenProperty(string name) => new(name,
        $"'{name}' is neither a parameter of this endpoint nor a property any stored log has had, so it would match nothing. " +
        "Filters are min_level, level, source, application, q, and properties of the logs (e.g. job_run_id=42).");

    private static bool IsPropertyName(string name)
    {
        if (name.Length is 0 or > 64) return false;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')) return false;
        }
        return true;
    }

    /// <summary>The filter as query parameters (the inverse of parsing), e.g. for building stream URLs.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToQuery()
    {
        if (MinLevel is { } min) yield return new("min_level", min.ToWireName());
        if (LevelMask != 0) yield return new("level", string.Join(',', Levels.Select(l => l.ToWireName())));
        if (Source is not null) yield return new("source", Source);
        if (Application is not null) yield return new("application", Application);
        if (Text is not null) yield return new("q", Text);
        if (Pattern is not null) yield return new("pattern", Pattern);
        foreach (var property in Properties) yield return property;
    }

    public bool Equals(LogFilter? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (MinLevel != other.MinLevel || LevelMask != other.LevelMask
            || !string.Equals(Source, other.Source, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(Application, other.Application, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(Text, other.Text, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(Pattern, other.Pattern, StringComparison.Ordinal)
            || Properties.Count != other.Properties.Count)
        {
            return false;
        }
        for (var i = 0; i < Properties.Count; i++)
        {
            if (Properties[i].Key != other.Properties[i].Key || Properties[i].Value != other.Properties[i].Value) return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as LogFilter);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(MinLevel);
        hash.Add(LevelMask);
        hash.Add(Source, StringComparer.OrdinalIgnoreCase);
        hash.Add(Application, StringComparer.OrdinalIgnoreCase);
        hash.Add(Text, StringComparer.OrdinalIgnoreCase);
        hash.Add(Pattern, StringComparer.Ordinal);
        foreach (var (key, value) in Properties)
        {
            hash.Add(key);
            hash.Add(value);
        }
        return hash.ToHashCode();
    }

    public override string ToString() => IsEmpty ? "(all)" : string.Join('&', ToQuery().Select(p => $"{p.Key}={p.Value}"));
}
