using LogPlatform.Hosting.Processes;

namespace LogPlatform.Hosting.Resources;

/// <summary>What the AppHost knows of a service project: generated at build time as <c>Projects.*</c> classes.</summary>
public interface IProjectMetadata
{
    string ProjectPath { get; }
    string AssemblyPath { get; }
}

/// <summary>A service run from its build output (<c>dotnet Service.dll</c>), N replicas, each healthy when <c>/health</c> answers 200.</summary>
public sealed class ProjectResource(string name, IProjectMetadata project) : Resource(name)
{
    public IProjectMetadata Project { get; } = project;
    public int Replicas { get; set; } = 1;

    /// <summary>The fixed port of the first replica (others, and services without one, get free ports).</summary>
    public int? FixedPort { get; set; }
    public List<int> Ports { get; } = [];
    public Dictionary<string, Func<string?>> Environment { get; } = [];

    public string Url => $"http://127.0.0.1:{Ports[0]}";
    public override string Describe() => Replicas == 1 ? Url : string.Join(", ", Ports.Select(p => $"http://127.0.0.1:{p}"));

    internal void AllocatePorts(bool freePorts)
    {
        Ports.Clear();
        for (var i = 0; i < Replicas; i++) Ports.Add(i == 0 && FixedPort is { } port && !freePorts ? port : FreePort.Next());
    }

    protected override async Task StartCoreAsync(HostingContext context, CancellationToken cancellationToken)
    {
        if (!File.Exists(Project.AssemblyPath))
        {
            throw new HostingException($"{Name}: {Project.AssemblyPath} is missing; build the solution first (dotnet build).");
        }
        if (Processes.Count == 0)
        {
            for (var i = 0; i < Replicas; i++)
            {
                var replica = i;
                var processName = Replicas == 1 ? Name : $"{Name}-{i}";
                Processes.Add(new SupervisedProcess(processName, () => ProcessLauncher.StartAsync(
                    "dotnet", [Project.AssemblyPath], Path.GetDirectoryName(Project.ProjectPath)!, BuildEnvironment(context, replica))));
            }
        }
        foreach (var process in Processes) await process.StartAsync();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await WaitUntilAsync(async ct =>
        {
            foreach (var port in Ports)
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/health", ct);
                if (!response.IsSuccessStatusCode) return false;
            }
            return true;
        }, TimeSpan.FromSeconds(90), cancellationToken);
    }

    private Dictionary<string, string?> BuildEnvironment(HostingContext context, int replica)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Ports[replica]}",
            ["ASPNETCORE_ENVIRONMENT"] = context.EnvironmentName,
            ["DOTNET_ENVIRONMENT"] = context.EnvironmentName,
            ["OTEL_SERVICE_NAME"] = Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={Name}-{replica}",
            // One line per log entry, so the prefixed console stays readable.
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };
        if (context.OtlpEndpoint is { Length: > 0 } otlp) environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
        foreach (var (key, value) in Environment) environment[key] = value();
        return environment;
    }

    public SupervisedProcess Replica(int index) => Processes[index];
}
