using System.Diagnostics;
using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AppHost.Tests.EndToEnd;

/// <summary>
/// The whole platform from the AppHost's real Program.cs, through Aspire.Hosting.Testing: every endpoint on a free port
/// (no fixed port, so parallel runs never collide), temporary data, a fresh ingest key and stream token.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private static readonly string[] Services = ["ingest", "worker", "stats", "gateway", "dashboard", "analysis"];
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("logplatform-e2e-");

    public DistributedApplication App { get; private set; } = null!;
    public string IngestApiKey { get; } = RandomNumberGenerator.GetHexString(32, lowercase: true);
    public string StreamToken { get; } = RandomNumberGenerator.GetHexString(32, lowercase: true);
    public string AdminKey { get; } = RandomNumberGenerator.GetHexString(32, lowercase: true);

    public async Task InitializeAsync()
    {
        string[] args =
        [
            $"--AppHost:DataDirectory={_data.FullName}",
            $"--Parameters:ingest-api-key={IngestApiKey}",
            $"--Parameters:stream-token={StreamToken}",
            $"--Parameters:admin-key={AdminKey}",
            // Every fixed port, the syslog and OTLP/gRPC listeners' too: a platform started by ./start.sh may hold them.
            .. new[] { "redis", "postgres", "ingest", "syslog-tcp", "syslog-udp", "otlp-grpc", "gateway", "dashboard" }
                .Select(name => $"--Ports:{name}=0"),
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(args,
            (options, _) => options.DisableDashboard = true);
        App = await builder.BuildAsync();
        // Generous: on a loaded 2-core machine (other builds running) the whole platform has taken over 3 minutes to start.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await App.StartAsync(timeout.Token);
        foreach (var service in Services) await App.ResourceNotifications.WaitForResourceHealthyAsync(service, timeout.Token);
    }

    /// <summary>Stops a resource with Aspire's stop command (the dashboard's Stop button) and waits until it has exited.</summary>
    public async Task StopResourceAsync(string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var result = await Commands.ExecuteCommandAsync(Resource(name), KnownResourceCommands.StopCommand, timeout.Token);
        Assert.True(result.Success, $"stopping {name}: {result.Message}");
        await App.ResourceNotifications.WaitForResourceAsync(name, [KnownResourceStates.Exited, KnownResourceStates.Finished], timeout.Token);
    }

    /// <summary>Starts a stopped resource again and waits until it is healthy.</summary>
    public async Task StartResourceAsync(string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var result = await Commands.ExecuteCommandAsync(Resource(name), KnownResourceCommands.StartCommand, timeout.Token);
        Assert.True(result.Success, $"starting {name}: {result.Message}");
        await App.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
    }

    /// <summary>
    /// SIGKILL of one replica's process, as a crash would: the orchestrator reports it exited and, following Aspire's
    /// convention, does not restart it on its own.
    /// </summary>
    public async Task<string> KillReplicaAsync(string name, int replica)
    {
        var instance = (await InstancesOfAsync(name)).ElementAt(replica);
        Assert.True(App.ResourceNotifications.TryGetCurrentState(instance, out var state), $"no state for {instance}");
        var pid = state.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value switch
        {
            int value => value,
            var value => Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture),
        };
        // The orchestrator may run a project through a `dotnet run` wrapper: the service itself is its child.
        foreach (var process in ServiceProcessesOf(pid)) process.Kill();
        return instance;
    }

    /// <summary>Starts one instance (a replica) again with Aspire's start command and waits until it is healthy.</summary>
    public async Task StartInstanceAsync(string instance)
    {
        // A minute was not enough for the analysis replica to stop and come back healthy during a full, loaded test run.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        // The notifications' waits take a resource's name; an instance is found by its id.
        var name = instance[..instance.LastIndexOf('-')];
        await App.ResourceNotifications.WaitForResourceAsync(name, e => e.ResourceId == instance
            && e.Snapshot.State?.Text is var state && (state == KnownResourceStates.Exited || state == KnownResourceStates.Finished), timeout.Token);
        var result = await Commands.ExecuteCommandAsync(instance, KnownResourceCommands.StartCommand, timeout.Token);
        Assert.True(result.Success, $"starting {instance}: {result.Message}");
        await App.ResourceNotifications.WaitForResourceAsync(name, e => e.ResourceId == instance
            && e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
            timeout.Token);
    }

    /// <summary>The instance ids of a resource's replicas ("worker-abcd1234"), from the notifications' current state.</summary>
    private async Task<IReadOnlyList<string>> InstancesOfAsync(string name)
    {
        var replicas = ((IResource)Resource(name)).Annotations.OfType<ReplicaAnnotation>().SingleOrDefault()?.Replicas ?? 1;
        var instances = new SortedSet<string>(StringComparer.Ordinal);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var update in App.ResourceNotifications.WatchAsync(timeout.Token))
        {
            if (update.Resource.Name == name && !update.Snapshot.IsHidden) instances.Add(update.ResourceId);
            if (instances.Count == replicas) break;
        }
        return [.. instances];
    }

    private static IEnumerable<Process> ServiceProcessesOf(int pid)
    {
        var children = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var child) ? child : 0)
            .Where(child => child > 0 && ParentOf(child) == pid)
            .ToList();
        return children.Count > 0 ? children.Select(Process.GetProcessById) : [Process.GetProcessById(pid)];
    }

    private static int ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private ResourceCommandService Commands => App.Services.GetRequiredService<ResourceCommandService>();

    private IResource Resource(string name)
        => App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);

    public async Task DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
