namespace Analysis.Service.Patterns;

/// <summary>
/// The miner's patterns from the most to the least recently seen, as links inside the patterns themselves, so that
/// touching a pattern on every line moves two references and allocates nothing.
/// </summary>
internal sealed class PatternRecency
{
    private LogPattern? _newest;

    public LogPattern? Oldest { get; private set; }

    public void Add(LogPattern pattern)
    {
        pattern.Older = _newest;
        pattern.Newer = null;
        if (_newest is not null) _newest.Newer = pattern;
        _newest = pattern;
        Oldest ??= pattern;
    }

    public void Touch(LogPattern pattern)
    {
        if (ReferenceEquals(pattern, _newest)) return;
        Remove(pattern);
        Add(pattern);
    }

    public void Remove(LogPattern pattern)
    {
        if (pattern.Newer is not null) pattern.Newer.Older = pattern.Older;
        else _newest = pattern.Older;
        if (pattern.Older is not null) pattern.Older.Newer = pattern.Newer;
        else Oldest = pattern.Newer;
        pattern.Newer = pattern.Older = null;
    }
}
