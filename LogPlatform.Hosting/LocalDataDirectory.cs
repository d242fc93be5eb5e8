using Aspire.Hosting;
using Microsoft.Extensions.Configuration;

namespace LogPlatform.Hosting;

/// <summary>
/// Where the local servers keep their data: <c>AppHost:DataDirectory</c>, by default <c>.data/</c> beside the AppHost
/// project (the repository's root), so data survives a restart. <c>AppHost:Clean=true</c> empties it before the first start.
/// </summary>
public static class LocalDataDirectory
{
    public const string DirectoryKey = "AppHost:DataDirectory";
    public const string CleanKey = "AppHost:Clean";

    private static readonly Lock s_clean = new();
    private static readonly HashSet<string> s_cleaned = [];

    public static string For(IDistributedApplicationBuilder builder, string resourceName)
    {
        var root = Path.GetFullPath(builder.Configuration[DirectoryKey] is { Length: > 0 } configured
            ? configured
            : Path.Combine(builder.AppHostDirectory, "..", ".data"));
        var directory = Path.Combine(root, resourceName);
        lock (s_clean)
        {
            if (builder.Configuration.GetValue<bool>(CleanKey) && s_cleaned.Add(directory) && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        Directory.CreateDirectory(directory);
        // The PostgreSQL server runs as the postgres user when the AppHost runs as root: it must be able to reach its folder.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(root, File.GetUnixFileMode(root) | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        }
        return directory;
    }

    /// <summary>Files holding secrets: readable by their owner only.</summary>
    public static void RestrictToOwner(string path)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
