namespace Analysis.Service.Patterns;

/// <summary>The ids of the most recent logs of a pattern, at most a fixed number (a ring; the oldest is overwritten).</summary>
public sealed class ExampleLogIds(int capacity)
{
    private readonly long[] _ids = new long[capacity];
    private int _next;
    private int _count;

    public int Count => _count;

    internal void Add(long id)
    {
        if (_ids.Length == 0) return;
        _ids[_next] = id;
        _next = (_next + 1) % _ids.Length;
        if (_count < _ids.Length) _count++;
    }

    /// <summary>The kept ids, newest first.</summary>
    public long[] ToArray()
    {
        var result = new long[_count];
        for (var k = 0; k < _count; k++) result[k] = _ids[(_next - 1 - k + _ids.Length) % _ids.Length];
        return result;
    }
}
