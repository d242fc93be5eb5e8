using LogPlatform.Hosting;
using LogPlatform.Hosting.Testing;
using LogPlatform.Storage.Schema;

namespace LogPlatform.Testing;

/// <summary>
/// A real Redis and a real PostgreSQL with the logs schema applied, on free loopback ports, for the integration tests
/// of the services that share them (compiled into each such test project).
/// </summary>
public sealed class LogServers(DistributedApplication app, string redisConnection, string postgresConnection) : IAsyncDisposable
{
    public DistributedApplication App { get; } = app;
    public string RedisConnection { get; } = redisConnection;
    public string PostgresConnection { get; } = postgresConnection;

    public static async Task<LogServers> StartAsync()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddRedis("redis");
        builder.AddPostgres("postgres").AddDatabase("logs").WithInitializer(LogsSchema.ApplyAsync);
        var app = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await app.StartAsync(timeout.Token);
        return new LogServers(app, await app.GetConnectionStringAsync("redis"), await app.GetConnectionStringAsync("logs"));
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
