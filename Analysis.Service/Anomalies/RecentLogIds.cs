namespace Analysis.Service.Anomalies;

/// <summary>The last few log ids of a key, newest first on read, for an anomaly's examples.</summary>
public sealed class RecentLogIds(int capacity)
{
    private readonly long[] _ids = new long[capacity];
    private int _count;
    private int _next;

    public void Add(long id)
    {
        _ids[_next] = id;
        _next = (_next + 1) % _ids.Length;
        if (_count < _ids.Length) _count++;
    }

    public void Clear() => (_count, _next) = (0, 0);

    public long[] ToArrayNewestFirst()
    {
        var result = new long[_count];
        for (var i = 0; i < _count; i++) result[i] = _ids[(_next - 1 - i + 2 * _ids.Length) % _ids.Length];
        return result;
    }
}
