using LogPlatform.Storage.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LogPlatform.Storage.Schema;

/// <summary>
/// Applies the schema: the EF Core migrations (<c>Migrations/</c>), under an advisory lock so concurrent callers never
/// race, then the partitions ahead. The AppHost calls it once before the services that use the database start.
/// </summary>
public static class LogsSchema
{
    private const long MigrationLockKey = 0x4C6F6750_6C617466; // "LogPlatf"

    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await ApplyAsync(dataSource, TimeProvider.System, cancellationToken);
    }

    public static async Task ApplyAsync(NpgsqlDataSource dataSource, TimeProvider time, CancellationToken cancellationToken)
    {
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await Execute(connection, $"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
            try
            {
                await using var db = new LogsDbContext(new DbContextOptionsBuilder<LogsDbContext>().UseNpgsql(connection).Options);
                await db.Database.MigrateAsync(cancellationToken);
            }
            finally
            {
                await Execute(connection, $"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            }
        }
        await LogPartitions.EnsureAheadAsync(dataSource, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), cancellationToken);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
