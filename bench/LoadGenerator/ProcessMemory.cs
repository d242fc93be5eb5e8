namespace LoadGenerator;

/// <summary>A platform process as /proc shows it; <see cref="Name"/> is the service's dll (Worker.Service) or the program (postgres).</summary>
public sealed record PlatformProcess(int Pid, string Name)
{
    /// <summary>The ingest port that identifies the platform under test (its AppHost is the ancestor of the process listening on it).</summary>
    public static int IngestPort { get; set; } = 5010;

    /// <summary>
    /// The platform's processes: the AppHost, Aspire's orchestrator (dcp, which runs detached and watches the AppHost with
    /// <c>--monitor PID</c>) and what descends from them (the services, redis-server, postgres and its backends, the Aspire
    /// dashboard). Other hosts on the machine (another worktree's tests) are left out: only the AppHost whose tree holds
    /// the process listening on <see cref="IngestPort"/> counts.
    /// </summary>
    public static IReadOnlyList<PlatformProcess> FindAll()
    {
        var all = new List<PlatformProcess>();
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            if (ReadParent(pid) is { } parent) parents[pid] = parent;
            if (Describe(pid) is { } process) all.Add(process);
        }
        // Each AppHost with its orchestrator: the roots of one platform's trees.
        var platforms = all.Where(p => p.Name == "AppHost")
            .Select(host => new HashSet<int>(all.Where(p => p.Name == "dcp" && MonitorOf(p.Pid) == host.Pid).Select(p => p.Pid)) { host.Pid })
            .ToList();
        var candidates = platforms.SelectMany(r => r).ToHashSet();
        var roots = candidates;
        if (ListeningPid(IngestPort) is { } ingest && platforms.FirstOrDefault(r => r.Contains(RootOf(ingest) ?? -1)) is { } underTest)
        {
            roots = underTest;
        }
        return all.Where(p => roots.Contains(p.Pid) || RootOf(p.Pid) is { } root && roots.Contains(root)).ToList();

        // The nearest AppHost or dcp above a process.
        int? RootOf(int pid)
        {
            for (var depth = 0; depth < 16 && parents.TryGetValue(pid, out var parent); depth++, pid = parent)
            {
                if (candidates.Contains(parent)) return parent;
            }
            return null;
        }
    }

    /// <summary>The AppHost a dcp process watches (<c>--monitor PID</c>), if any.</summary>
    private static int? MonitorOf(int pid)
    {
        var args = CommandLine(pid);
        var at = Array.IndexOf(args, "--monitor");
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var host) ? host : null;
    }

    private static string[] CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries); }
        catch (IOException) { return []; }
        catch (UnauthorizedAccessException) { return []; }
    }

    /// <summary>The process holding the listening socket of a loopback TCP port, from /proc/net/tcp and the fds' socket inodes.</summary>
    private static int? ListeningPid(int port)
    {
        var suffix = $":{port:X4}";
        var inode = File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(f => f[1].EndsWith(suffix, StringComparison.Ordinal) && f[3] == "0A")?[9];
        if (inode is null) return null;
        var target = $"socket:[{inode}]";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget == target) return pid;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        }
        return null;
    }

    private static int? ReadParent(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException) { return null; }
    }

    private static PlatformProcess? Describe(int pid)
    {
        var args = CommandLine(pid);
        if (args.Length == 0) return null;
        var dll = args.FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal));
        var program = Path.GetFileName(args[0].Split(' ')[0]);
        if (dll is not null && Path.GetFileName(args[0]) == "dotnet") return new PlatformProcess(pid, Path.GetFileNameWithoutExtension(dll));
        // The orchestrator starts services through their native launcher (bin/.../Worker.Service beside Worker.Service.dll).
        if (args[0].StartsWith('/') && File.Exists(args[0] + ".dll")) return new PlatformProcess(pid, program);
        if (program is "redis-server" or "postgres" or "postgres:" or "dcp" or "Aspire.Dashboard") return new PlatformProcess(pid, program.TrimEnd(':'));
        return null;
    }

    public static IReadOnlyList<PlatformProcess> Named(string name) => FindAll().Where(p => p.Name == name).ToList();
}

/// <summary>Memory figures from <c>/proc/&lt;pid&gt;/status</c>, in KiB: VmRSS (now), VmHWM (peak resident).</summary>
public static class ProcessMemory
{
    public static long? ReadKiB(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        catch (IOException) { }
        return null;
    }

    public static string Mib(long? kib) => kib is { } k ? $"{k / 1024.0:0} MiB" : "n/a";
}
