namespace Realtime.Gateway.Streaming;

/// <summary>
/// The registered formats, by <c>format=</c> name, and which one a path sends when the client names none: the native
/// format, unless a registered format claims the path (a foreign client family whose code cannot add a parameter).
/// </summary>
public sealed class StreamFormats
{
    private readonly Dictionary<string, StreamFormat> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, StreamFormat> _defaultByPath = new(StringComparer.OrdinalIgnoreCase);

    public StreamFormats(IEnumerable<StreamFormat> formats)
    {
        foreach (var format in formats.Prepend(NativeFormat.Instance))
        {
            _byName.TryAdd(format.Name, format);
            foreach (var path in format.DefaultOnPaths)
            {
                if (!_defaultByPath.TryAdd(path, format))
                {
                    throw new InvalidOperationException($"Both '{_defaultByPath[path].Name}' and '{format.Name}' claim to be the default on {path}.");
                }
            }
        }
    }

    public IEnumerable<string> Names => _byName.Keys;

    /// <summary>The format asked for (<paramref name="requested"/>, may be null) or the path's default; false for an unknown name.</summary>
    public bool TryResolve(string path, string? requested, out StreamFormat format)
    {
        if (string.IsNullOrEmpty(requested))
        {
            format = _defaultByPath.GetValueOrDefault(path) ?? NativeFormat.Instance;
            return true;
        }
        return _byName.TryGetValue(requested, out format!);
    }
}
