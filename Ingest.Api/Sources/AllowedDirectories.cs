namespace Ingest.Api.Sources;

/// <summary>Whether a path is inside one of the allowed directories, as written and after following symbolic links.</summary>
public sealed class AllowedDirectories(IEnumerable<string> directories)
{
    private readonly string[] _roots = [.. directories.Where(d => d.Length > 0).Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d)) + Path.DirectorySeparatorChar)];

    public bool Contains(string path) => _roots.Any(root => (Path.GetFullPath(path) + Path.DirectorySeparatorChar).StartsWith(root, StringComparison.Ordinal));

    /// <summary>A file found by a glob: it, and what it links to (itself or its directory), must be inside.</summary>
    public bool ContainsFile(string file)
    {
        if (!Contains(file)) return false;
        try
        {
            var target = new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            if (target is not null && !Contains(target)) return false;
            var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
            var directoryTarget = new DirectoryInfo(directory).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            return directoryTarget is null || Contains(directoryTarget);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
