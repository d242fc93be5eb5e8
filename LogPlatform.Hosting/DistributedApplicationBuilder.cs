using LogPlatform.Hosting.Processes;
using LogPlatform.Hosting.Resources;
using LogPlatform.Hosting.Testing;
using Microsoft.Extensions.Configuration;

namespace LogPlatform.Hosting;

/// <summary>Declares the app model: which resources exist and how they are wired (Aspire's <c>IDistributedApplicationBuilder</c> shape).</summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> resources = [];
    private readonly List<ParameterResource> parameters = [];

    internal DistributedApplicationBuilder(string[] args, HostingContext? testContext)
    {
        Configuration = new ConfigurationManager();
        Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        Configuration.AddEnvironmentVariables();
        Configuration.AddCommandLine(args.Where(a => a != "--clean").ToArray());

        var clean = args.Contains("--clean") || Configuration.GetValue("AppHost:Clean", false);
        Context = testContext ?? new HostingContext
        {
            DataDirectory = Configuration["AppHost:DataDirectory"] ?? Path.Combine(FindRepositoryRoot(), ".data"),
            Clean = clean,
            OtlpEndpoint = Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"],
        };
    }

    public ConfigurationManager Configuration { get; }
    public HostingContext Context { get; }

    public ResourceBuilder<RedisResource> AddRedis(string name, int port = 6379)
        => Add(new RedisResource(name, PortFor(name, port)));

    public ResourceBuilder<PostgresServerResource> AddPostgres(string name, int port = 5432)
        => Add(new PostgresServerResource(name, PortFor(name, port)));

    public ResourceBuilder<ProjectResource> AddProject<TProject>(string name) where TProject : IProjectMetadata, new()
        => Add(new ProjectResource(name, new TProject()));

    public ResourceBuilder<ProjectResource> AddProject(string name, IProjectMetadata project)
        => Add(new ProjectResource(name, project));

    /// <summary>A value from <c>Parameters:{name}</c>, with a development default.</summary>
    public ParameterResource AddParameter(string name, string developmentDefault)
    {
        var parameter = new ParameterResource(name, Configuration[$"Parameters:{name}"] ?? developmentDefault);
        parameters.Add(parameter);
        return parameter;
    }

    internal ResourceBuilder<T> Add<T>(T resource) where T : Resource
    {
        if (resources.Any(r => r.Name == resource.Name)) throw new ArgumentException($"A resource named '{resource.Name}' exists already.");
        resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    private int PortFor(string name, int port) => Context.UseFreePorts ? FreePort.Next() : Configuration.GetValue($"Ports:{name}", port);

    public DistributedApplication Build()
    {
        foreach (var project in resources.OfType<ProjectResource>()) project.AllocatePorts(Context.UseFreePorts);
        return new DistributedApplication(Context, resources, parameters);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LogPlatform.sln"))) return directory.FullName;
        }
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LogPlatform.sln"))) return directory.FullName;
        }
        return Directory.GetCurrentDirectory();
    }

    internal static DistributedApplicationBuilder Create(string[] args) => new(args, DistributedApplicationTestingBuilder.CurrentTestContext);
}
