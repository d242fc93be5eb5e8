using System.Reflection;
using Aspire.Hosting;

namespace LogPlatform.Hosting;

/// <summary>Finds the servers the machine's packages provide, or says in one line what to install.</summary>
public static class Prerequisites
{
    /// <summary>
    /// Runs <paramref name="find"/>. When the server is missing and this process is the AppHost itself, prints the one line
    /// that says what to install and exits with code 1 (a stack trace would bury it); a test host gets the exception.
    /// </summary>
    public static string Require(IDistributedApplicationBuilder builder, Func<string> find)
    {
        try
        {
            return find();
        }
        catch (MissingPrerequisiteException missing) when (Assembly.GetEntryAssembly() == builder.AppHostAssembly)
        {
            Console.Error.WriteLine(missing.Message);
            Environment.Exit(1);
            throw;
        }
    }

    public static string Find(string executable, string debianPackage)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, executable);
            if (File.Exists(candidate)) return candidate;
        }
        throw new MissingPrerequisiteException(
            $"'{executable}' was not found: install it with 'sudo apt-get install -y {debianPackage}' (or run ./start.sh, which does).");
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
        return found ?? throw new MissingPrerequisiteException(
            "PostgreSQL was not found in /usr/lib/postgresql: install it with 'sudo apt-get install -y postgresql' (or run ./start.sh, which does).");
    }
}
