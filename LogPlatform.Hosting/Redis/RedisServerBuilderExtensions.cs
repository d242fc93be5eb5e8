using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LogPlatform.Hosting.Redis;

public static class RedisServerBuilderExtensions
{
    /// <summary>
    /// Redis for the platform. Run mode: <c>redis-server</c> from the machine as a <see cref="LocalRedisResource"/> (this
    /// machine has no container engine). Publish mode: Aspire's Redis container resource of the same name, so the manifest
    /// deploys with standard Aspire tooling.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRedisServer(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return builder.AddRedis(name).WithDataVolume().WithPersistence();
        }

        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var dataDirectory = LocalDataDirectory.For(builder, name);
        var redis = new LocalRedisResource(name, Prerequisites.Require(builder, () => Prerequisites.Find("redis-server", "redis-server")), dataDirectory, password);

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey, _ => new RedisPing(redis), failureStatus: null, tags: null));

        return builder.AddResource(redis)
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: LocalRedisResource.EndpointName, isProxied: false)
            .OnBeforeResourceStarted(async (resource, _, cancellationToken) =>
            {
                // The password goes in a file only the AppHost's user reads, not on a command line that ps shows.
                var configuration = Path.Combine(dataDirectory, "redis.conf");
                await File.WriteAllTextAsync(configuration, $"requirepass \"{await password.GetValueAsync(cancellationToken)}\"\n", cancellationToken);
                LocalDataDirectory.RestrictToOwner(configuration);
            })
            .WithArgs(context =>
            {
                context.Args.Add(Path.Combine(dataDirectory, "redis.conf"));
                context.Args.Add("--port");
                context.Args.Add(redis.Endpoint.Property(EndpointProperty.TargetPort));
                foreach (var argument in (string[])
                [
                    "--bind", "127.0.0.1", "-::1", "--protected-mode", "yes",
                    "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--dir", dataDirectory,
                ])
                {
                    context.Args.Add(argument);
                }
            })
            .WithHealthCheck(healthCheckKey);
    }
}
