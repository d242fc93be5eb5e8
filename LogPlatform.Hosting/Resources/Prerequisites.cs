namespace LogPlatform.Hosting.Resources;

/// <summary>Finds the servers the machine's packages provide, or says in one line what to install.</summary>
public static class Prerequisites
{
    public static string Find(string executable, string debianPackage)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, executable);
            if (File.Exists(candidate)) return candidate;
        }
        throw new HostingException($"'{executable}' was not found: install it with 'sudo apt-get install -y {debianPackage}' (or run ./start.sh, which does).");
    }

    /// <summary>The newest PostgreSQL bin directory (/usr/lib/postgresql/N/bin), or PG_BIN when set.</summary>
    public static string PostgresBin()
    {
        if (Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } configured && File.Exists(Path.Combine(configured, "postgres")))
        {
            return configured;
        }
        var found = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0, Bin: Path.Combine(d, "bin")))
                .Where(d => File.Exists(Path.Combine(d.Bin, "postgres")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Bin)
                .FirstOrDefault()
            : null;
        return found ?? throw new HostingException("PostgreSQL was not found in /usr/lib/postgresql: install it with 'sudo apt-get install -y postgresql' (or run ./start.sh, which does).");
    }
}
