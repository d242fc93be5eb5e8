using System.Diagnostics;
using LogPlatform.Hosting.Processes;

namespace AppHost.Tests.Hosting;

/// <summary>The real AppHost as a process: it starts everything, and leaves nothing behind however it ends.</summary>
public sealed class AppHostProcessTests
{
    private static readonly string AppHostDll = Path.Combine(AppContext.BaseDirectory, "AppHost.dll");

    [Theory]
    [InlineData(ProcessLauncher.SigInt)]
    [InlineData(ProcessLauncher.SigKill)]
    public async Task Leaves_no_process_behind_when_stopped_or_killed(int signal)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "logplatform-apphost-" + Guid.NewGuid().ToString("N")[..8]);
        using var appHost = StartAppHost(dataDirectory, out var output);
        try
        {
            await WaitForAsync(() => output.ToString().Contains("Press Ctrl+C to stop everything."), TimeSpan.FromMinutes(2),
                () => $"The AppHost did not come up:\n{output}");

            var children = ChildrenOf(appHost.Id);
            // redis-server, postgres, ingest, 2 workers, stats, gateway, dashboard.
            Assert.True(children.Count >= 8, $"Expected at least 8 child processes, saw {children.Count}.");

            ProcessLauncher.Signal(appHost, signal);
            await appHost.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await WaitForAsync(() => children.All(pid => !IsAlive(pid)), TimeSpan.FromSeconds(15),
                () => $"Still running after the AppHost ended: {string.Join(", ", children.Where(IsAlive).Select(Describe))}");
        }
        finally
        {
            if (!appHost.HasExited) appHost.Kill(entireProcessTree: true);
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_redis_server_is_one_clear_line_not_a_stack_trace()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "logplatform-apphost-" + Guid.NewGuid().ToString("N")[..8]);
        using var appHost = StartAppHost(dataDirectory, out var output, path: "/nonexistent");
        try
        {
            await appHost.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            appHost.WaitForExit();
            var text = output.ToString();
            Assert.Equal(1, appHost.ExitCode);
            Assert.Contains("'redis-server' was not found: install it with 'sudo apt-get install -y redis-server'", text);
            Assert.DoesNotContain("   at ", text);
        }
        finally
        {
            if (!appHost.HasExited) appHost.Kill(entireProcessTree: true);
            if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static Process StartAppHost(string dataDirectory, out System.Text.StringBuilder output, string? path = null)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) ? Environment.ProcessPath : "/usr/bin/dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(AppHostDll);
        info.ArgumentList.Add($"--AppHost:DataDirectory={dataDirectory}");
        foreach (var name in new[] { "redis", "postgres", "ingest", "gateway", "dashboard" }) info.ArgumentList.Add($"--Ports:{name}={FreePort.Next()}");
        if (path is not null) info.Environment["PATH"] = path;
        var process = Process.Start(info)!;
        var lines = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (lines) lines.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (lines) lines.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output = lines;
        return process;
    }

    private static List<int> ChildrenOf(int parent) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ParentOf(pid) == parent)
            .ToList();

    private static int ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Describe(int pid)
    {
        try
        {
            return $"{pid} {File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ')}";
        }
        catch (IOException)
        {
            return pid.ToString();
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, Func<string> failure)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout) Assert.Fail(failure());
            await Task.Delay(200);
        }
    }
}
