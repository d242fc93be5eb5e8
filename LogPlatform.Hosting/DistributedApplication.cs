using System.Diagnostics;
using System.Runtime.InteropServices;
using LogPlatform.Hosting.Processes;
using LogPlatform.Hosting.Resources;
using LogPlatform.Hosting.Testing;

namespace LogPlatform.Hosting;

/// <summary>
/// The running app model: starts every resource once what it waits for is healthy, prints the resource table, stops
/// everything in reverse order on Ctrl+C or SIGTERM. Also what tests drive (connection strings, endpoints, faults).
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly List<Resource> resources;
    private readonly List<ParameterResource> parameters;
    private bool started;

    internal DistributedApplication(HostingContext context, List<Resource> resources, List<ParameterResource> parameters)
    {
        Context = context;
        this.resources = resources;
        this.parameters = parameters;
    }

    public static DistributedApplicationBuilder CreateBuilder(string[] args) => DistributedApplicationBuilder.Create(args);

    public HostingContext Context { get; }
    public IReadOnlyList<Resource> Resources => resources;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Context.Clean && Directory.Exists(Context.DataDirectory)) Directory.Delete(Context.DataDirectory, recursive: true);
        Directory.CreateDirectory(Context.DataDirectory);
        started = true;

        var watch = Stopwatch.StartNew();
        // All at once; each resource first waits for what it depends on to be healthy.
        var starts = resources.Select(r => r.StartAsync(Context, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(starts);
        }
        catch
        {
            var failure = starts.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).FirstOrDefault(e => e is HostingException)
                ?? starts.First(t => t.IsFaulted).Exception!.InnerException!;
            await StopAsync();
            if (failure is HostingException) throw failure;
            throw new HostingException(failure.Message);
        }
        ProcessOutput.Write("apphost", $"all {resources.Count} resources healthy in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Stops everything in reverse order of declaration: services before the servers they use.</summary>
    public async Task StopAsync()
    {
        for (var i = resources.Count - 1; i >= 0; i--)
        {
            await resources[i].StopAsync(Context.StopGracePeriod);
        }
    }

    /// <summary>Starts everything, prints the table, runs until Ctrl+C or SIGTERM, then stops everything.</summary>
    public void Run()
    {
        if (DistributedApplicationTestingBuilder.TryCapture(this)) return;

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        try
        {
            StartAsync().GetAwaiter().GetResult();
            PrintResourceTable();
            stop.Task.GetAwaiter().GetResult();
        }
        catch (HostingException ex)
        {
            Console.Error.WriteLine($"LogPlatform could not start: {ex.Message}");
            StopAsync().GetAwaiter().GetResult();
            Environment.ExitCode = 1;
            return;
        }
        ProcessOutput.Write("apphost", "stopping (Ctrl+C again is ignored; everything stops within the grace period)");
        StopAsync().GetAwaiter().GetResult();
        ProcessOutput.Write("apphost", "stopped");
    }

    public void PrintResourceTable()
    {
        var rows = resources.Select(r => (r.Name, State: r.State.ToString(), Where: r.Describe(), Pids: string.Join(",", r.Processes.Select(p => p.ProcessId)))).ToList();
        var nameWidth = Math.Max(10, rows.Max(r => r.Name.Length));
        var lines = new List<string>
        {
            "",
            $"  {"resource".PadRight(nameWidth)}  {"state",-8}  endpoint",
            $"  {new string('-', nameWidth)}  {new string('-', 8)}  {new string('-', 40)}",
        };
        lines.AddRange(rows.Select(r => $"  {r.Name.PadRight(nameWidth)}  {r.State,-8}  {r.Where}"));
        if (resources.OfType<ProjectResource>().FirstOrDefault(p => p.Name == "dashboard") is { } dashboard)
        {
            lines.Add("");
            lines.Add($"  Dashboard: {dashboard.Url}");
        }
        foreach (var parameter in parameters) lines.Add($"  {parameter.Name}: {parameter.Value}");
        lines.Add("  Press Ctrl+C to stop everything.");
        lines.Add("");
        Console.Out.WriteLine(string.Join(Environment.NewLine, lines));
    }

    public Resource GetResource(string name) => resources.FirstOrDefault(r => r.Name == name)
        ?? throw new ArgumentException($"No resource named '{name}'. Known: {string.Join(", ", resources.Select(r => r.Name))}.");

    public Task<string> GetConnectionStringAsync(string name) => GetResource(name) is IResourceWithConnectionString withConnectionString
        ? Task.FromResult(withConnectionString.ConnectionString)
        : throw new ArgumentException($"'{name}' has no connection string.");

    public Uri GetEndpoint(string name, int replica = 0) => GetResource(name) is ProjectResource project
        ? new Uri($"http://127.0.0.1:{project.Ports[replica]}")
        : throw new ArgumentException($"'{name}' is not a project with an HTTP endpoint.");

    public HttpClient CreateHttpClient(string name, int replica = 0) => new() { BaseAddress = GetEndpoint(name, replica) };

    public string GetParameter(string name) => parameters.First(p => p.Name == name).Value;

    public Task StopResourceAsync(string name) => GetResource(name).StopAsync(Context.StopGracePeriod);

    public Task StartResourceAsync(string name) => GetResource(name).StartAsync(Context, CancellationToken.None);

    /// <summary>SIGKILL one replica, as a crash: it is restarted with back-off like any crashed service.</summary>
    public void KillResource(string name, int replica = 0) => GetResource(name).Processes[replica].Kill();

    public async ValueTask DisposeAsync()
    {
        if (started) await StopAsync();
        if (Context.DeleteDataOnDispose && Directory.Exists(Context.DataDirectory))
        {
            try
            {
                Directory.Delete(Context.DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A straggling file: the temp folder is cleaned by the OS.
            }
        }
    }
}
