using System.Reflection;
using Npgsql;

namespace LogPlatform.Storage.Schema;

/// <summary>
/// Applies the schema: versioned SQL scripts (embedded <c>Schema/NNN_*.sql</c>), each once, recorded in
/// <c>schema_versions</c>, under an advisory lock so concurrent callers never race; then the partitions ahead.
/// The AppHost calls it once before the services that use the database start.
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
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await Execute(connection, $"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
        try
        {
            await Execute(connection, "CREATE TABLE IF NOT EXISTS schema_versions (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken);
            foreach (var (version, sql) in Scripts())
            {
                await using var check = new NpgsqlCommand("SELECT 1 FROM schema_versions WHERE version = @v", connection);
                check.Parameters.AddWithValue("v", version);
                if (await check.ExecuteScalarAsync(cancellationToken) is not null) continue;

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var apply = new NpgsqlCommand(sql, connection, transaction)) await apply.ExecuteNonQueryAsync(cancellationToken);
                await using (var record = new NpgsqlCommand("INSERT INTO schema_versions (version) VALUES (@v)", connection, transaction))
                {
                    record.Parameters.AddWithValue("v", version);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            await Execute(connection, $"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
        }
        await LogPartitions.EnsureAheadAsync(dataSource, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), cancellationToken);
    }

    private static IEnumerable<(string Version, string Sql)> Scripts()
    {
        var assembly = typeof(LogsSchema).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            // "LogPlatform.Storage.Schema.001_logs.sql" -> "001_logs"
            var version = Path.GetFileNameWithoutExtension(name)["LogPlatform.Storage.Schema.".Length..];
            yield return (version, reader.ReadToEnd());
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
