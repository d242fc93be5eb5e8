using LogPlatform.Hosting.Resources;
using Microsoft.Extensions.Configuration;

namespace LogPlatform.Hosting;

/// <summary>Declares how a resource is wired, in Aspire's shape: <c>.WithReference(redis).WaitFor(redis)</c>.</summary>
public sealed class ResourceBuilder<T>(DistributedApplicationBuilder application, T resource) where T : Resource
{
    public DistributedApplicationBuilder ApplicationBuilder { get; } = application;
    public T Resource { get; } = resource;

    public ResourceBuilder<T> WaitFor<TOther>(ResourceBuilder<TOther> other) where TOther : Resource
    {
        Resource.WaitsFor.Add(other.Resource);
        return this;
    }
}

/// <summary>A configuration value handed to services (e.g. an API key), from <c>Parameters:{name}</c>.</summary>
public sealed record ParameterResource(string Name, string Value);

public static class ResourceBuilderExtensions
{
    public static ResourceBuilder<PostgresDatabaseResource> AddDatabase(this ResourceBuilder<PostgresServerResource> server, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        database.WaitsFor.Add(server.Resource);
        server.Resource.Databases.Add(database);
        return server.ApplicationBuilder.Add(database);
    }

    /// <summary>Runs once when the database exists, before anything waiting for it starts (the schema).</summary>
    public static ResourceBuilder<PostgresDatabaseResource> WithInitializer(this ResourceBuilder<PostgresDatabaseResource> database, Func<string, CancellationToken, Task> initialize)
    {
        database.Resource.Initializers.Add(initialize);
        return database;
    }

    public static ResourceBuilder<ProjectResource> WithReference<TOther>(this ResourceBuilder<ProjectResource> project, ResourceBuilder<TOther> other) where TOther : Resource
    {
        switch (other.Resource)
        {
            case IResourceWithConnectionString withConnectionString:
                project.Resource.Environment[$"ConnectionStrings__{withConnectionString.Name}"] = () => withConnectionString.ConnectionString;
                break;
            case ProjectResource service:
                project.Resource.Environment[$"services__{service.Name}__http__0"] = () => service.Url;
                break;
            default:
                throw new ArgumentException($"{other.Resource.Name} cannot be referenced.", nameof(other));
        }
        return project;
    }

    public static ResourceBuilder<ProjectResource> WithReplicas(this ResourceBuilder<ProjectResource> project, int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        project.Resource.Replicas = replicas;
        return project;
    }

    /// <summary>A well-known port (overridable with <c>Ports:{name}</c>); test hosts use free ports instead.</summary>
    public static ResourceBuilder<ProjectResource> WithHttpEndpoint(this ResourceBuilder<ProjectResource> project, int port)
    {
        project.Resource.FixedPort = project.ApplicationBuilder.Configuration.GetValue($"Ports:{project.Resource.Name}", port);
        return project;
    }

    public static ResourceBuilder<ProjectResource> WithEnvironment(this ResourceBuilder<ProjectResource> project, string name, string value)
    {
        project.Resource.Environment[name] = () => value;
        return project;
    }

    public static ResourceBuilder<ProjectResource> WithEnvironment(this ResourceBuilder<ProjectResource> project, string name, ParameterResource parameter)
        => project.WithEnvironment(name, parameter.Value);

    /// <summary>Passes another service's URL (e.g. an allowed origin) once ports are known.</summary>
    public static ResourceBuilder<ProjectResource> WithEnvironment(this ResourceBuilder<ProjectResource> project, string name, ResourceBuilder<ProjectResource> urlOf)
    {
        project.Resource.Environment[name] = () => urlOf.Resource.Url;
        return project;
    }
}
