using System.IO.Enumeration;

namespace LogPlatform.Shipping.Files;

/// <summary>
/// The files a glob names now: a directory (no wildcards) and a file-name pattern with <c>*</c> and <c>?</c>
/// (<c>/var/log/nginx/*.log</c>); a path without wildcards names one file. Sorted, so files are read in a stable order.
/// </summary>
public static class GlobExpander
{
    public static bool HasWildcards(string glob) => glob.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>The directory part of a glob (where wildcards are not allowed), as a full path.</summary>
    public static string DirectoryOf(string glob) => Path.GetDirectoryName(Path.GetFullPath(glob)) ?? Path.GetPathRoot(Path.GetFullPath(glob))!;

    public static IReadOnlyList<string> Expand(string glob)
    {
        var full = Path.GetFullPath(glob);
        var directory = DirectoryOf(full);
        var pattern = Path.GetFileName(full);
        if (!Directory.Exists(directory)) return [];
        if (!HasWildcards(pattern)) return File.Exists(full) ? [full] : [];
        var files = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            if (FileSystemName.MatchesSimpleExpression(pattern, Path.GetFileName(file), ignoreCase: false)) files.Add(file);
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }
}
