using LogPlatform.Hosting;
using LogPlatform.Hosting.Testing;
using Npgsql;
using StackExchange.Redis;

namespace AppHost.Tests.Hosting;

public sealed class TestHostTests
{
    [Fact]
    public async Task Redis_and_postgres_start_on_free_ports_the_initializer_runs_once_and_data_survives_a_restart()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddRedis("redis");
        var initializations = 0;
        builder.AddPostgres("postgres").AddDatabase("logs").WithInitializer(async (connectionString, ct) =>
        {
            Interlocked.Increment(ref initializations);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await new NpgsqlCommand("CREATE TABLE IF NOT EXISTS probe (value text)", connection).ExecuteNonQueryAsync(ct);
        });
        await using var app = builder.Build();
        await app.StartAsync(timeout.Token);

        var redisConnection = await app.GetConnectionStringAsync("redis");
        var postgresConnection = await app.GetConnectionStringAsync("logs");
        Assert.DoesNotContain(":6390", redisConnection);
        Assert.DoesNotContain("Port=5440", postgresConnection);
        Assert.Equal(1, initializations);

        await using (var redis = await ConnectionMultiplexer.ConnectAsync(redisConnection))
        {
            Assert.True((await redis.GetDatabase().PingAsync()) < TimeSpan.FromSeconds(5));
            await redis.GetDatabase().StringSetAsync("survives", "yes");
        }
        await using (var connection = new NpgsqlConnection(postgresConnection))
        {
            await connection.OpenAsync(timeout.Token);
            await new NpgsqlCommand("INSERT INTO probe VALUES ('kept')", connection).ExecuteNonQueryAsync(timeout.Token);
        }

        // Stop and start both servers: AOF keeps the key, PostgreSQL the row.
        await app.StopResourceAsync("redis");
        await app.StopResourceAsync("postgres");
        await app.StartResourceAsync("postgres");
        await app.StartResourceAsync("redis");
        // The pool's connections died with the old server; a client sees that once, then reconnects.
        NpgsqlConnection.ClearAllPools();

        await using (var redis = await ConnectionMultiplexer.ConnectAsync(redisConnection))
        {
            Assert.Equal("yes", (string?)await redis.GetDatabase().StringGetAsync("survives"));
        }
        await using (var connection = new NpgsqlConnection(postgresConnection))
        {
            await connection.OpenAsync(timeout.Token);
            Assert.Equal("kept", (string?)await new NpgsqlCommand("SELECT value FROM probe", connection).ExecuteScalarAsync(timeout.Token));
        }
    }
}
