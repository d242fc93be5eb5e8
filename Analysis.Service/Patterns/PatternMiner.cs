using LogPlatform.Contracts;

namespace Analysis.Service.Patterns;

/// <summary>
/// Groups log lines into templates as they arrive, in the manner of Drain (He et al., "Drain: An Online Log Parsing
/// Approach with Fixed Depth Tree", ICWS 2017): a line is masked (<see cref="VariableMasker"/>) and split into tokens,
/// routed down its application's tree by token count and then by its leading tokens, and compared with the templates
/// of that leaf. It joins the most similar one when enough of the template's tokens equal the line's (the template
/// takes <c>&lt;*&gt;</c> where they differ), or starts a pattern of its own.
/// Two departures from Drain, both general: a masked value in the line counts as equal to a template's
/// <c>&lt;*&gt;</c> (<see cref="Similarity"/>), and a run of identical masked tokens is one token
/// (<see cref="MaskedTokens"/>), so lists of ids of any length share a template.
/// Patterns are kept over all applications up to <see cref="PatternMinerOptions.MaxPatterns"/>; past it the least
/// recently seen one is evicted (and counted). A line that fits a template allocates nothing.
/// Not thread-safe: one miner is fed by one reader.
/// </summary>
public sealed class PatternMiner
{
    private readonly PatternMinerOptions _options;
    private readonly Dictionary<string, ApplicationTree> _trees = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, LogPattern> _byId = [];
    private readonly PatternRecency _recency = new();
    private readonly MaskedTokens _line;

    public PatternMiner(PatternMinerOptions options)
    {
        options.Validate();
        _options = options;
        _line = new MaskedTokens(options.MaxTokens);
    }

    /// <summary>Live patterns over all applications.</summary>
    public int PatternCount => _byId.Count;

    /// <summary>Patterns evicted to stay within the bound since the miner started.</summary>
    public long Evictions { get; private set; }

    public IEnumerable<LogPattern> Patterns => _byId.Values;

    public LogPattern? Find(ulong id) => _byId.GetValueOrDefault(id);

    public MinedLine Mine(string application, ReadOnlySpan<char> message, LogSeverity level, DateTimeOffset timestamp, long logId)
    {
        _line.Read(message);
        var (pattern, change) = Match(application) is { } match
            ? (match, match.Generalise(_line) ? PatternChange.Generalised : PatternChange.None)
            : Create(application);
        pattern.Record(level, timestamp, logId);
        _recency.Touch(pattern);
        return new MinedLine(pattern, change);
    }

    /// <summary>Drain's search: the leaf the line routes to, then its most similar template above the threshold.</summary>
    private LogPattern? Match(string application)
    {
        if (!_trees.TryGetValue(application, out var tree) || tree.Find(_line.Count) is not { } node) return null;
        for (var depth = 0; depth < RouteDepth && node.ChildCount > 0; depth++)
        {
            var token = _line[depth];
            var next = RoutesAsWildcard(token) ? null : node.Child(token);
            next ??= node.Child(VariableMasker.Wildcard);
            if (next is null) return null;
            node = next;
        }
        return MostSimilar(node.Patterns);
    }

    private LogPattern? MostSimilar(IReadOnlyList<LogPattern> candidates)
    {
        LogPattern? best = null;
        var bestScore = -1.0;
        var bestWildcards = -1;
        for (var k = 0; k < candidates.Count; k++)
        {
            var candidate = candidates[k];
            var (score, wildcards) = Similarity(candidate);
            if (score > bestScore || (score == bestScore && wildcards > bestWildcards))
            {
                (best, bestScore, bestWildcards) = (candidate, score, wildcards);
            }
        }
        return bestScore >= _options.SimilarityThreshold ? best : null;
    }

    /// <summary>
    /// Drain's simSeq, the share of positions where the template's token equals the line's, except that a variable
    /// the masker found in the line counts as equal to a <c>&lt;*&gt;</c> of the template: both say "a value here".
    /// (Drain counts neither, so a line that is mostly values could never rejoin its own template.)
    /// </summary>
    private (double Score, int Wildcards) Similarity(LogPattern template)
    {
        var length = template.Length;
        if (length == 0) return (1, 0);
        var same = 0;
        var wildcards = 0;
        for (var i = 0; i < length; i++)
        {
            if (template.IsWildcard(i))
            {
                wildcards++;
                if (_line.IsWildcard(i)) same++;
            }
            else if (template.TokenEquals(i, _line[i]))
            {
                same++;
            }
        }
        return ((double)same / length, wildcards);
    }

    private (LogPattern, PatternChange) Create(string application)
    {
        var tokens = new string[_line.Count];
        for (var i = 0; i < tokens.Length; i++) tokens[i] = _line.IsWildcard(i) ? VariableMasker.Wildcard : _line[i].ToString();
        var id = PatternId.Of(application, string.Join(' ', tokens));
        // The same first template again (a template so general that its own first line no longer passes the
        // threshold): it is the same pattern, and its id must stay unique.
        if (_byId.TryGetValue(id, out var existing) && existing.Length == tokens.Length)
        {
            return (existing, existing.Generalise(_line) ? PatternChange.Generalised : PatternChange.None);
        }
        // A true 64-bit collision with another template (a 2^-64 event per pair): the next free id.
        while (_byId.ContainsKey(id)) id++;
        return (Insert(application, tokens, id), PatternChange.Created);
    }

    /// <summary>
    /// Puts back a pattern kept from an earlier run, under its stored id and with its current template, so that ids stay
    /// the same over restarts. Restore the least recently seen first: the last one restored counts as the most recent.
    /// A pattern already present (the same id) is left as it is and returned.
    /// </summary>
    public LogPattern Restore(ulong id, string application, string template, DateTimeOffset firstSeen, DateTimeOffset lastSeen,
        long count, IReadOnlyList<long> exampleLogIdsNewestFirst)
    {
        if (_byId.TryGetValue(id, out var existing)) return existing;
        var parts = template.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // A template of a line longer than MaxTokens holds the rest of the line in its last token (MaskedTokens).
        if (parts.Length > _options.MaxTokens) parts = [.. parts[..(_options.MaxTokens - 1)], string.Join(' ', parts[(_options.MaxTokens - 1)..])];
        // The wildcard is recognised by reference (LogPattern.IsWildcard).
        for (var i = 0; i < parts.Length; i++) if (parts[i] == VariableMasker.Wildcard) parts[i] = VariableMasker.Wildcard;
        var pattern = Insert(application, parts, id);
        pattern.Restore(firstSeen, lastSeen, count, exampleLogIdsNewestFirst);
        return pattern;
    }

    private LogPattern Insert(string application, string[] tokens, ulong id)
    {
        if (_byId.Count >= _options.MaxPatterns) EvictOldest();

        if (!_trees.TryGetValue(application, out var tree))
        {
            tree = new ApplicationTree(application);
            _trees.Add(application, tree);
        }
        var node = tree.GetOrAdd(tokens.Length);
        for (var depth = 0; depth < RouteDepth && depth < tokens.Length; depth++)
        {
            var key = RoutesAsWildcard(tokens[depth]) || node.ChildCount >= _options.MaxChildrenPerNode - 1 && node.Child(tokens[depth]) is null
                ? VariableMasker.Wildcard
                : tokens[depth];
            node = node.Child(key) ?? node.AddChild(key);
        }
        var pattern = new LogPattern(id, tree.Application, tokens, node, _options.MaxExamples);
        node.AddPattern(pattern);
        _byId.Add(id, pattern);
        _recency.Add(pattern);
        return pattern;
    }

    private void EvictOldest()
    {
        var oldest = _recency.Oldest!;
        _recency.Remove(oldest);
        _byId.Remove(oldest.Id);
        var node = oldest.Leaf;
        node.RemovePattern(oldest);
        // Drop the branch the pattern leaves empty, so that a churn of one-off lines does not grow the tree.
        while (node.IsEmpty)
        {
            if (node.Parent is { } parent)
            {
                parent.RemoveChild(node.Key);
                node = parent;
                continue;
            }
            node.Tree.Remove(node.Length);
            if (node.Tree.IsEmpty) _trees.Remove(node.Tree.Application);
            break;
        }
        Evictions++;
    }

    /// <summary>How many leading tokens route the line: <see cref="PatternMinerOptions.PrefixTokens"/>, or all of a shorter line's.</summary>
    private int RouteDepth => Math.Min(_options.PrefixTokens, _line.Count);

    /// <summary>Drain sends tokens with digits (or, here, a masked part) to the shared <c>&lt;*&gt;</c> child.</summary>
    private static bool RoutesAsWildcard(ReadOnlySpan<char> token)
    {
        // A plain loop: MemoryExtensions.IndexOfAnyInRange allocated 96 bytes per call here (.NET 10.0.12).
        foreach (var c in token)
        {
            if ((uint)(c - '0') <= 9 || c == '<' && token.IndexOf(VariableMasker.Wildcard) >= 0) return true;
        }
        return false;
    }
}
