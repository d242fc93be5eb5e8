using LogPlatform.Contracts;

namespace Analysis.Service.Patterns;

/// <summary>
/// One template of an application's lines (<c>&lt;*&gt;</c> where they differ) and what was seen of it: when, how
/// often, at which levels, and a few example log ids. Changed only by its <see cref="PatternMiner"/>.
/// </summary>
public sealed class LogPattern
{
    private readonly string[] _tokens;
    private readonly long[] _levelCounts = new long[(int)LogSeverity.Fatal + 1];

    internal LogPattern(ulong id, string application, string[] tokens, PrefixTreeNode leaf, int maxExamples)
    {
        Id = id;
        Application = application;
        _tokens = tokens;
        Template = string.Join(' ', tokens);
        Leaf = leaf;
        Examples = new ExampleLogIds(maxExamples);
    }

    /// <summary>Stable over the pattern's life: see <see cref="PatternId"/>.</summary>
    public ulong Id { get; }

    public string Application { get; }

    /// <summary>The tokens joined by single spaces; variables are <c>&lt;*&gt;</c>.</summary>
    public string Template { get; private set; }

    public IReadOnlyList<string> Tokens => _tokens;

    public DateTimeOffset FirstSeen { get; private set; } = DateTimeOffset.MaxValue;

    public DateTimeOffset LastSeen { get; private set; } = DateTimeOffset.MinValue;

    public long Count { get; private set; }

    public ExampleLogIds Examples { get; }

    public long CountOf(LogSeverity level) => _levelCounts[(int)level];

    internal PrefixTreeNode Leaf { get; }

    /// <summary>Links of the miner's recency list (<see cref="PatternRecency"/>).</summary>
    internal LogPattern? Newer { get; set; }

    internal LogPattern? Older { get; set; }

    internal int Length => _tokens.Length;

    internal bool IsWildcard(int index) => ReferenceEquals(_tokens[index], VariableMasker.Wildcard);

    internal bool TokenEquals(int index, ReadOnlySpan<char> token) => token.SequenceEqual(_tokens[index]);

    internal void Record(LogSeverity level, DateTimeOffset timestamp, long logId)
    {
        Count++;
        _levelCounts[(int)level]++;
        if (timestamp < FirstSeen) FirstSeen = timestamp;
        if (timestamp > LastSeen) LastSeen = timestamp;
        Examples.Add(logId);
    }

    /// <summary>What a stored pattern had seen, put back at start-up (its levels are kept per minute in storage, not here).</summary>
    internal void Restore(DateTimeOffset firstSeen, DateTimeOffset lastSeen, long count, IReadOnlyList<long> exampleLogIdsNewestFirst)
    {
        FirstSeen = firstSeen;
        LastSeen = lastSeen;
        Count = count;
        for (var k = exampleLogIdsNewestFirst.Count - 1; k >= 0; k--) Examples.Add(exampleLogIdsNewestFirst[k]);
    }

    /// <summary>Turns to <c>&lt;*&gt;</c> every token the line does not share; true when the template changed.</summary>
    internal bool Generalise(MaskedTokens line)
    {
        var changed = false;
        for (var i = 0; i < _tokens.Length; i++)
        {
            if (IsWildcard(i) || TokenEquals(i, line[i])) continue;
            _tokens[i] = VariableMasker.Wildcard;
            changed = true;
        }
        if (changed) Template = string.Join(' ', _tokens);
        return changed;
    }
}
