namespace Analysis.Service.Patterns;

/// <summary>
/// A node of an application's prefix tree: the first level is keyed by token count (<see cref="ApplicationTree"/>),
/// the next ones by leading tokens; the patterns live at the deepest node of their path. Children are found by span
/// (an alternate lookup), so routing a line allocates nothing.
/// </summary>
internal sealed class PrefixTreeNode(ApplicationTree tree, PrefixTreeNode? parent, string key, int length)
{
    private Dictionary<string, PrefixTreeNode>? _children;
    private List<LogPattern>? _patterns;

    public ApplicationTree Tree { get; } = tree;

    public PrefixTreeNode? Parent { get; } = parent;

    /// <summary>The token this node is reached by from its parent (empty on the first level).</summary>
    public string Key { get; } = key;

    /// <summary>The token count of the lines below this node.</summary>
    public int Length { get; } = length;

    public int ChildCount => _children?.Count ?? 0;

    public bool IsEmpty => ChildCount == 0 && (_patterns?.Count ?? 0) == 0;

    public IReadOnlyList<LogPattern> Patterns => (IReadOnlyList<LogPattern>?)_patterns ?? [];

    public PrefixTreeNode? Child(ReadOnlySpan<char> key)
        => _children is not null && _children.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var child) ? child : null;

    public PrefixTreeNode AddChild(string key)
    {
        _children ??= new Dictionary<string, PrefixTreeNode>(StringComparer.Ordinal);
        var child = new PrefixTreeNode(Tree, this, key, Length);
        _children.Add(key, child);
        return child;
    }

    public void RemoveChild(string key) => _children?.Remove(key);

    public void AddPattern(LogPattern pattern) => (_patterns ??= []).Add(pattern);

    public void RemovePattern(LogPattern pattern) => _patterns?.Remove(pattern);
}
