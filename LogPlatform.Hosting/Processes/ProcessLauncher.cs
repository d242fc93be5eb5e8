using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LogPlatform.Hosting.Processes;

/// <summary>
/// Starts child processes so that none outlives the AppHost. Each child runs under <c>setsid</c> (its own process group, so a
/// terminal's Ctrl+C reaches only the AppHost, which then stops children in order) and <c>setpriv --pdeathsig KILL</c> (the
/// kernel kills it when its parent dies, also on kill -9). The parent-death signal is tied to the *thread* that forked the
/// child, so every fork happens on one dedicated thread that lives as long as the process.
/// </summary>
public static class ProcessLauncher
{
    private static readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> Requests = new();

    static ProcessLauncher()
    {
        var thread = new Thread(() =>
        {
            foreach (var (info, started) in Requests.GetConsumingEnumerable())
            {
                try
                {
                    started.SetResult(Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}."));
                }
                catch (Exception ex)
                {
                    started.SetException(ex);
                }
            }
        })
        { IsBackground = true, Name = "LogPlatform process launcher" };
        thread.Start();
    }

    /// <summary>Starts <paramref name="command"/>, optionally as another user (PostgreSQL refuses to run as root).</summary>
    public static Task<Process> StartAsync(string command, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?> environment, string? runAsUser = null)
    {
        var info = new ProcessStartInfo(File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : "setsid")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("setpriv");
        if (runAsUser is not null)
        {
            info.ArgumentList.Add($"--reuid={runAsUser}");
            info.ArgumentList.Add($"--regid={runAsUser}");
            info.ArgumentList.Add("--init-groups");
        }
        info.ArgumentList.Add("--pdeathsig");
        info.ArgumentList.Add("KILL");
        info.ArgumentList.Add("--");
        info.ArgumentList.Add(command);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) info.Environment[key] = value;

        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((info, started));
        return started.Task;
    }

    /// <summary>Sends a signal (SIGINT = 2, SIGTERM = 15, SIGKILL = 9) to a process.</summary>
    public static void Signal(Process process, int signal)
    {
        try
        {
            if (!process.HasExited) _ = kill(process.Id, signal);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
