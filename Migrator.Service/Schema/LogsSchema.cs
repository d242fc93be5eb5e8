using LogPlatform.Storage.Schema;
using Microsoft.EntityFrameworkCore;
using Migrator.Service.Model;
using Npgsql;

namespace Migrator.Service.Schema;

/// <summary>
/// Applies the schema: the EF Core migrations (<c>Migrations/</c>), under an advisory lock so concurrent callers never
/// race, then the partitions ahead. The migrator resource runs it once before the services that use the database start;
/// the integration tests call it on their own database.
/// </summary>
public static class LogsSchema
{
    private const long MigrationLockKey = 0x4C6F6750_6C617466; // "LogPlatf"

    /// <summary>Applies the schema to the database of <paramref name="connectionString"/> (Npgsql keyword format).</summary>
    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await ApplyAsync(dataSource, TimeProvider.System, cancellationToken);
    }

    /// <summary>Applies the schema through <paramref name="dataSource"/>; says which migrations it applied and which days.</summary>
    public static async Task<AppliedSchema> ApplyAsync(NpgsqlDataSource dataSource, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(time);

        List<string> applied;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await Execute(connection, $"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
            try
            {
                await using var db = new LogsDbContext(new DbContextOptionsBuilder<LogsDbContext>().UseNpgsql(connection).Options);
                // Read under the lock: what this caller applies, not what a concurrent one already did.
                applied = [.. await db.Database.GetPendingMigrationsAsync(cancellationToken)];
                await db.Database.MigrateAsync(cancellationToken);
            }
            finally
            {
                await Execute(connection, $"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            }
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        await LogPartitions.EnsureAheadAsync(dataSource, today, cancellationToken);
        return new AppliedSchema(applied, today.AddDays(-1), today.AddDays(LogPartitions.DaysAhead));
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
