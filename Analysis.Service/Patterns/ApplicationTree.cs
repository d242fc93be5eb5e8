namespace Analysis.Service.Patterns;

/// <summary>The root of one application's prefix tree: a node per token count.</summary>
internal sealed class ApplicationTree(string application)
{
    private readonly Dictionary<int, PrefixTreeNode> _byLength = [];

    public string Application { get; } = application;

    public bool IsEmpty => _byLength.Count == 0;

    public PrefixTreeNode? Find(int length) => _byLength.GetValueOrDefault(length);

    public PrefixTreeNode GetOrAdd(int length)
    {
        if (!_byLength.TryGetValue(length, out var node))
        {
            node = new PrefixTreeNode(this, null, "", length);
            _byLength.Add(length, node);
        }
        return node;
    }

    public void Remove(int length) => _byLength.Remove(length);
}
