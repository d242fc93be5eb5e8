using LogPlatform.Hosting.Postgres;
using LogPlatform.Hosting.Redis;
using Migrator.Service.Schema;

namespace LogPlatform.Testing;

/// <summary>
/// A real Redis and a real PostgreSQL with the logs schema applied (by the migrator's own code), on free loopback ports,
/// for the integration tests of the services that share them (compiled into each such test project).
/// </summary>
public sealed class LogServers(TestAppModel model, string redisConnection, string postgresConnection) : IAsyncDisposable
{
    public TestAppModel Model { get; } = model;
    public string RedisConnection { get; } = redisConnection;
    public string PostgresConnection { get; } = postgresConnection;

    public static async Task<LogServers> StartAsync()
    {
        var model = await TestAppModel.StartAsync(builder =>
        {
            builder.AddRedisServer("redis");
            builder.AddPostgresDatabase("postgres", "logs");
        }, "redis", "logs");
        var postgres = await model.ConnectionStringAsync("logs");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await LogsSchema.ApplyAsync(postgres, timeout.Token);
        return new LogServers(model, await model.ConnectionStringAsync("redis"), postgres);
    }

    public ValueTask DisposeAsync() => Model.DisposeAsync();
}
