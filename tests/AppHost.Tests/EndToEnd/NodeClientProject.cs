using System.Diagnostics;
using System.Security.Cryptography;

namespace AppHost.Tests.EndToEnd;

/// <summary>
/// The Node.js clients in <c>NodeClients/</c> (copied beside the tests): <c>npm ci</c> from the lock file once per test run,
/// skipped when the installed tree came from the same lock file; then one script per client, run with <c>node</c>.
/// </summary>
public static class NodeClientProject
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly Lazy<Task> Installed = new(InstallAsync);

    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "NodeClients");

    /// <summary>Runs <c>node &lt;script&gt;</c> with the environment given; returns its exit code and output.</summary>
    public static async Task<NodeRun> RunAsync(string script, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        await Installed.Value;
        return await ExecAsync("node", [script], environment, timeout);
    }

    private static async Task InstallAsync()
    {
        var stamp = Path.Combine(Directory, "node_modules", ".installed-from");
        var lockHash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(Directory, "package-lock.json"))));
        if (File.Exists(stamp) && await File.ReadAllTextAsync(stamp) == lockHash) return;

        var version = await ExecAsync("node", ["--version"], new Dictionary<string, string>(), TimeSpan.FromSeconds(30));
        if (version.ExitCode != 0 || !version.Output.TrimStart().StartsWith('v'))
            throw new InvalidOperationException($"node does not run: {version.Output}");
        // Exactly the lock file's tree; --prefer-offline takes the npm cache first (eng/prerequisites.sh fills it). No install
        // scripts: none of these clients needs one (snappy's binary comes as a prebuilt optional package).
        var install = await ExecAsync("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
            new Dictionary<string, string>(), InstallTimeout);
        if (install.ExitCode != 0) throw new InvalidOperationException($"npm ci failed in {Directory} (exit {install.ExitCode}):\n{install.Output}");
        await File.WriteAllTextAsync(stamp, lockHash);
    }

    private static async Task<NodeRun> ExecAsync(string program, string[] arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"'{program}' was not found ({ex.Message}). The Node.js client tests need Node.js 20+ and npm on PATH: "
                + "apt-get install -y nodejs npm (eng/prerequisites.sh does it for .ci/run and test.sh).", ex);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not exit within {timeout.TotalSeconds} s:\n"
                    + await output + await errors);
            }
            return new NodeRun(process.ExitCode, (await output) + (await errors));
        }
    }
}

/// <summary>What a finished <c>node</c>/<c>npm</c> process left: its exit code and its stdout followed by its stderr.</summary>
public sealed record NodeRun(int ExitCode, string Output);
