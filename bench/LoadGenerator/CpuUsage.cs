using System.Globalization;

namespace LoadGenerator;

/// <summary>
/// CPU time per platform process over a window, from <c>/proc/&lt;pid&gt;/stat</c> (own and reaped children's), grouped by name,
/// so a run tells which process ate the cores. The generator itself is counted as "LoadGenerator".
/// </summary>
public sealed class CpuUsage
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly Dictionary<int, (string Name, long Ticks)> _start;
    private readonly long _machineStart, _machineIdleStart;
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;

    private CpuUsage()
    {
        _start = Snapshot();
        (_machineStart, _machineIdleStart) = MachineTicks();
    }

    public static CpuUsage Start() => new();

    /// <summary>CPU seconds the processes of this name used since the start.</summary>
    public double SecondsOf(string name) => Snapshot()
        .Where(e => e.Value.Name == name)
        .Sum(e => e.Value.Ticks - (_start.TryGetValue(e.Key, out var s) && s.Name == name ? s.Ticks : 0)) / TicksPerSecond;

    public string Describe()
    {
        var end = Snapshot();
        var (machine, idle) = MachineTicks();
        var seconds = (DateTimeOffset.UtcNow - _startedAt).TotalSeconds;
        var byName = end
            .GroupBy(e => e.Value.Name)
            .Select(g => (Name: g.Key, Ticks: g.Sum(e => e.Value.Ticks - (_start.TryGetValue(e.Key, out var s) && s.Name == e.Value.Name ? s.Ticks : 0))))
            .ToList();
        // Everything busy on the machine that is neither the platform nor the generator (another build, the kernel).
        var busyTicks = machine - _machineStart - (idle - _machineIdleStart);
        byName.Add(("other processes", Math.Max(0, busyTicks - byName.Sum(x => x.Ticks))));
        var busy = (double)busyTicks / Math.Max(1, machine - _machineStart);
        return $"CPU over {seconds:0.0} s, machine {busy * 100:0}% busy ({Environment.ProcessorCount} cores): " + string.Join("; ", byName
            .Where(x => x.Ticks > 0)
            .OrderByDescending(x => x.Ticks)
            .Select(x => $"{x.Name} {x.Ticks / TicksPerSecond:0.0} s ({x.Ticks / TicksPerSecond / seconds * 100:0}% of a core)"));
    }

    private static Dictionary<int, (string Name, long Ticks)> Snapshot()
    {
        var snapshot = new Dictionary<int, (string Name, long Ticks)>();
        foreach (var process in PlatformProcess.FindAll().Append(new PlatformProcess(Environment.ProcessId, "LoadGenerator")))
        {
            if (ReadTicks(process.Pid) is { } ticks) snapshot[process.Pid] = (process.Name, ticks);
        }
        return snapshot;
    }

    private static long? ReadTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after "(comm)": state is field 3, utime 14, stime 15, then cutime 16 and cstime 17: children it
            // reaped, so postgres's short-lived autovacuum workers and backends count as postgres.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture));
        }
        catch (IOException) { return null; }
    }

    private static (long Total, long Idle) MachineTicks()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return (cpu.Sum(), cpu[3] + cpu[4]);
    }
}
