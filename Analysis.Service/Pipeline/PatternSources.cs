namespace Analysis.Service.Pipeline;

/// <summary>The sources a pattern occurs in, at most a fixed number (the first ones seen are kept).</summary>
public sealed class PatternSources(int capacity, IEnumerable<string> restored)
{
    private readonly HashSet<string> _sources = new(restored.Take(capacity), StringComparer.Ordinal);

    /// <summary>True when the source is new to the pattern (and there was room for it).</summary>
    public bool Add(string source) => _sources.Count < capacity && _sources.Add(source);

    public string[] ToArray() => [.. _sources];
}
