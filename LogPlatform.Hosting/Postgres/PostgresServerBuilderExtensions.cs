using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LogPlatform.Hosting.Postgres;

public static class PostgresServerBuilderExtensions
{
    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>
    /// A PostgreSQL server with one database; answers the database. Run mode: the machine's PostgreSQL as a
    /// <see cref="LocalPostgresResource"/> (no container engine here). Publish mode: Aspire's PostgreSQL container resource
    /// and database of the same names.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddPostgresDatabase(
        this IDistributedApplicationBuilder builder, string serverName, string databaseName, int? port = null)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return builder.AddPostgres(serverName).WithDataVolume().AddDatabase(databaseName);
        }

        var server = builder.AddLocalPostgres(serverName, port);
        var database = new LocalPostgresDatabaseResource(databaseName, databaseName, server.Resource);

        var healthCheckKey = $"{databaseName}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey,
            _ => new PostgresPing(database), failureStatus: null, tags: null));
        // The orchestrator knows nothing of a database: it runs once its server answers and the database exists.
        server.OnResourceReady(async (_, @event, cancellationToken) =>
        {
            await CreateDatabaseAsync(server.Resource, databaseName, cancellationToken);
            await @event.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(database, snapshot => snapshot with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            });
        });
        return builder.AddResource(database)
            .WithParentRelationship(server)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new(CustomResourceKnownProperties.Source, serverName)],
            })
            .WithHealthCheck(healthCheckKey);
    }

    private static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(this IDistributedApplicationBuilder builder, string name, int? port)
    {
        var bin = Prerequisites.Require(builder, Prerequisites.PostgresBin);
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var dataDirectory = LocalDataDirectory.For(builder, name);
        // As root, setpriv drops to the postgres user and execs the server: the orchestrator's child is postgres itself.
        var postgres = new LocalPostgresResource(name, IsRoot ? Prerequisites.Require(builder, () => Prerequisites.Find("setpriv", "util-linux")) : Path.Combine(bin, "postgres"), dataDirectory, password);

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey,
            _ => new PostgresPing(postgres), failureStatus: null, tags: null));

        return builder.AddResource(postgres)
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: LocalPostgresResource.EndpointName, isProxied: false)
            .OnBeforeResourceStarted((resource, @event, cancellationToken) => InitializeOnceAsync(resource, bin, @event.Services, cancellationToken))
            .WithArgs(context =>
            {
                if (IsRoot)
                {
                    foreach (var argument in RunAsPostgres) context.Args.Add(argument);
                    context.Args.Add(Path.Combine(bin, "postgres"));
                }
                context.Args.Add("-D");
                context.Args.Add(dataDirectory);
                context.Args.Add("-p");
                context.Args.Add(postgres.Endpoint.Property(EndpointProperty.TargetPort));
                foreach (var setting in (string[])
                [
                    "listen_addresses=localhost", "unix_socket_directories=", "max_connections=200", "shared_buffers=256MB",
                    "max_wal_size=2GB", "checkpoint_timeout=15min",
                ])
                {
                    context.Args.Add("-c");
                    context.Args.Add(setting);
                }
            })
            .WithHealthCheck(healthCheckKey);
    }

    private static readonly string[] RunAsPostgres =
        [$"--reuid={LocalPostgresResource.UserName}", $"--regid={LocalPostgresResource.UserName}", "--init-groups", "--"];

    /// <summary><c>initdb</c> before the first start, with password authentication and the generated password.</summary>
    private static async Task InitializeOnceAsync(LocalPostgresResource postgres, string bin, IServiceProvider services, CancellationToken cancellationToken)
    {
        var directory = postgres.DataDirectory;
        if (File.Exists(Path.Combine(directory, "PG_VERSION"))) return;

        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(postgres);
        var passwordFile = directory + ".pwfile";
        await File.WriteAllTextAsync(passwordFile, await postgres.Password.GetValueAsync(cancellationToken), cancellationToken);
        LocalDataDirectory.RestrictToOwner(passwordFile);
        try
        {
            if (IsRoot) await RunAsync("chown", [$"{LocalPostgresResource.UserName}:", directory, passwordFile], cancellationToken);
            string[] initdb = [Path.Combine(bin, "initdb"), "-D", directory, "-U", LocalPostgresResource.UserName,
                "--auth=scram-sha-256", $"--pwfile={passwordFile}", "-E", "UTF8", "--no-locale"];
            var watch = Stopwatch.StartNew();
            await (IsRoot ? RunAsync("setpriv", [.. RunAsPostgres, .. initdb], cancellationToken) : RunAsync(initdb[0], initdb[1..], cancellationToken));
            logger.LogInformation("initdb: data folder {Directory} created in {Elapsed} ms", directory, watch.ElapsedMilliseconds);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static async Task CreateDatabaseAsync(LocalPostgresResource postgres, string database, CancellationToken cancellationToken)
    {
        var connectionString = await postgres.ConnectionStringExpression.GetValueAsync(cancellationToken);
        await using var connection = new NpgsqlConnection(connectionString + ";Database=postgres;Pooling=false");
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null) return;
        // Identifiers cannot be parameters; the name comes from the app model, never from a request.
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"")}\"", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task RunAsync(string command, string[] arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(command)} failed ({process.ExitCode}): {(await errors).Trim()} {(await output).Trim()}");
        }
    }
}
