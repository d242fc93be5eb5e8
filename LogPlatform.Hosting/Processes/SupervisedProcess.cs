using System.Diagnostics;

namespace LogPlatform.Hosting.Processes;

/// <summary>
/// One running child process: its output prefixed and kept, a crash reported and restarted with back-off, a stop graceful
/// first (a signal, then SIGKILL after the grace period).
/// </summary>
public sealed class SupervisedProcess(string name, Func<Task<Process>> launch, int stopSignal = ProcessLauncher.SigTerm)
{
    private const int KeptLines = 200;
    private readonly Queue<string> recentLines = new();
    private Process? current;
    private volatile bool stopping;
    private int crashes;
    private Task supervision = Task.CompletedTask;

    public string Name { get; } = name;
    public int? ProcessId => current is { HasExited: false } p ? p.Id : null;
    public bool IsRunning => current is { HasExited: false };
    public int Restarts { get; private set; }

    /// <summary>Raised on the supervision thread after a crash, before the restart.</summary>
    public event Action<SupervisedProcess, int>? Crashed;

    public IReadOnlyList<string> RecentOutput
    {
        get { lock (recentLines) return [.. recentLines]; }
    }

    public async Task StartAsync()
    {
        stopping = false;
        await LaunchAsync();
        supervision = SuperviseAsync();
    }

    private async Task LaunchAsync()
    {
        var process = await launch();
        process.EnableRaisingEvents = true;
        ProcessOutput.Attach(process, Name, Keep);
        current = process;
    }

    private void Keep(string line)
    {
        lock (recentLines)
        {
            recentLines.Enqueue(line);
            if (recentLines.Count > KeptLines) recentLines.Dequeue();
        }
    }

    private async Task SuperviseAsync()
    {
        while (true)
        {
            var process = current!;
            var startedAt = Stopwatch.GetTimestamp();
            await process.WaitForExitAsync();
            if (stopping) return;

            if (Stopwatch.GetElapsedTime(startedAt) > RestartBackoff.StableAfter) crashes = 0;
            crashes++;
            var delay = RestartBackoff.Delay(crashes);
            ProcessOutput.Write(Name, $"exited with code {process.ExitCode}; restarting in {delay.TotalSeconds:0} s", ConsoleColor.Red);
            Crashed?.Invoke(this, process.ExitCode);
            await Task.Delay(delay);
            if (stopping) return;
            try
            {
                await LaunchAsync();
                Restarts++;
            }
            catch (Exception ex)
            {
                ProcessOutput.Write(Name, $"could not restart: {ex.Message}", ConsoleColor.Red);
                return;
            }
        }
    }

    /// <summary>Signals the process, waits up to <paramref name="grace"/>, then kills it. No restart follows.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        stopping = true;
        if (current is not { } process) return;
        ProcessLauncher.Signal(process, stopSignal);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            ProcessOutput.Write(Name, $"did not stop within {grace.TotalSeconds:0} s; killing it", ConsoleColor.Red);
            ProcessLauncher.Signal(process, ProcessLauncher.SigKill);
            await process.WaitForExitAsync();
        }
        await supervision;
    }

    /// <summary>SIGKILL, as a crash: the supervisor restarts it (for fault tests).</summary>
    public void Kill()
    {
        if (current is { } process) ProcessLauncher.Signal(process, ProcessLauncher.SigKill);
    }
}
