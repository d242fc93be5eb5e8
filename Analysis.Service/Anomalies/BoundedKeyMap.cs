namespace Analysis.Service.Anomalies;

/// <summary>
/// A detector's per-key state, at most <c>capacity</c> keys: past it the least recently seen key is dropped (and
/// counted), so a stream of ever-new sources or patterns cannot grow memory. Enumerates from the least recently seen,
/// which the silence check walks. Finding or touching a known key allocates nothing.
/// </summary>
public sealed class BoundedKeyMap<TKey, TValue>(int capacity)
    where TKey : notnull
    where TValue : class
{
    private readonly Dictionary<TKey, LinkedListNode<Entry>> _byKey = new(capacity);
    private readonly LinkedList<Entry> _recency = new();   // First = most recently seen

    public readonly record struct Entry(TKey Key, TValue Value);

    public int Count => _byKey.Count;

    public long Evictions { get; private set; }

    /// <summary>The key's state, moved to most recently seen; null when the key is not tracked.</summary>
    public TValue? Touch(TKey key)
    {
        if (!_byKey.TryGetValue(key, out var node)) return null;
        if (node != _recency.First)
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
        }
        return node.Value.Value;
    }

    public TValue Add(TKey key, TValue value)
    {
        if (_byKey.Count >= capacity && _recency.Last is { } oldest)
        {
            _recency.RemoveLast();
            _byKey.Remove(oldest.Value.Key);
            Evictions++;
        }
        _byKey.Add(key, _recency.AddFirst(new Entry(key, value)));
        return value;
    }

    /// <summary>Every key, most recently seen first (the struct enumerator of the list: no allocation).</summary>
    public LinkedList<Entry>.Enumerator GetEnumerator() => _recency.GetEnumerator();

    /// <summary>The least recently seen entry, then towards the newest: <c>for (var n = map.Oldest; n != null; n = n.Previous)</c>.</summary>
    public LinkedListNode<Entry>? Oldest => _recency.Last;
}
