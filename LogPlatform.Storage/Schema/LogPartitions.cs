using System.Globalization;
using Npgsql;

namespace LogPlatform.Storage.Schema;

/// <summary>
/// Daily partitions of <c>logs</c>: created ahead of time, given a trigram index on <c>message</c> once their day is over,
/// dropped after the retention period.
/// </summary>
public static class LogPartitions
{
    public const int DaysAhead = 3;
    private const long IndexingLockKey = 0x4C6F6750_54726967; // "LogPTrig"

    private const string TrigramIndexSuffix = "_message_trgm";

    public static string TrigramIndexFor(string partitionName) => partitionName + TrigramIndexSuffix;

    public static string NameFor(DateOnly day) => "logs_" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static bool TryParseDay(string partitionName, out DateOnly day)
        => DateOnly.TryParseExact(partitionName.StartsWith("logs_", StringComparison.Ordinal) ? partitionName[5..] : "", "yyyyMMdd",
            CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    /// <summary>Yesterday to <see cref="DaysAhead"/> days ahead. A day whose rows already sit in the default partition is left there.</summary>
    public static async Task EnsureAheadAsync(NpgsqlDataSource dataSource, DateOnly today, CancellationToken cancellationToken)
    {
        for (var day = today.AddDays(-1); day <= today.AddDays(DaysAhead); day = day.AddDays(1))
        {
            var from = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var to = day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await using var command = dataSource.CreateCommand(
                $"CREATE TABLE IF NOT EXISTS {NameFor(day)} PARTITION OF logs FOR VALUES FROM ('{from} 00:00:00+00') TO ('{to} 00:00:00+00')");
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CheckViolation)
            {
                // The default partition holds rows of that day already; they stay queryable there.
            }
        }
    }

    /// <summary>
    /// Builds the trigram index of every partition whose day is over and has none (valid) yet, concurrently so late rows
    /// are not blocked. One caller at a time across workers (advisory lock); returns the partitions indexed.
    /// </summary>
    public static async Task<List<string>> IndexClosedAsync(NpgsqlDataSource dataSource, DateOnly today, CancellationToken cancellationToken)
    {
        var indexed = new List<string>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var tryLock = new NpgsqlCommand($"SELECT pg_try_advisory_lock({IndexingLockKey})", connection))
        {
            if (await tryLock.ExecuteScalarAsync(cancellationToken) is not true) return indexed;
        }
        try
        {
            var missing = new List<(string Partition, bool Invalid)>();
            await using (var list = new NpgsqlCommand("""
                SELECT c.relname, ix.indisvalid
                FROM pg_inherits i
                JOIN pg_class c ON c.oid = i.inhrelid
                JOIN pg_class p ON p.oid = i.inhparent AND p.relname = 'logs'
                LEFT JOIN pg_class ic ON ic.relname = c.relname || @suffix
                LEFT JOIN pg_index ix ON ix.indexrelid = ic.oid
                WHERE ix.indisvalid IS NOT TRUE
                """, connection) { Parameters = { new("suffix", TrigramIndexSuffix) } })
            await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var name = reader.GetString(0);
                    if (TryParseDay(name, out var day) && day < today) missing.Add((name, !reader.IsDBNull(1)));
                }
            }
            foreach (var (partition, invalid) in missing)
            {
                // A build interrupted earlier leaves an invalid index behind: drop it and build again.
                if (invalid) await Execute(connection, $"DROP INDEX CONCURRENTLY IF EXISTS {TrigramIndexFor(partition)}", cancellationToken);
                await Execute(connection,
                    $"CREATE INDEX CONCURRENTLY IF NOT EXISTS {TrigramIndexFor(partition)} ON {partition} USING gin (message gin_trgm_ops)", cancellationToken);
                indexed.Add(partition);
            }
        }
        finally
        {
            await Execute(connection, $"SELECT pg_advisory_unlock({IndexingLockKey})", CancellationToken.None);
        }
        return indexed;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        // Index builds of a large day take minutes: no command timeout.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Drops the daily partitions entirely older than <paramref name="retentionDays"/>; returns their names.</summary>
    public static async Task<List<string>> DropOlderThanAsync(NpgsqlDataSource dataSource, DateOnly today, int retentionDays, CancellationToken cancellationToken)
    {
        var cutoff = today.AddDays(-retentionDays);
        var dropped = new List<string>();
        await using var list = dataSource.CreateCommand(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'logs'");
        var names = new List<string>();
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) names.Add(reader.GetString(0));
        }
        foreach (var name in names)
        {
            if (!TryParseDay(name, out var day) || day >= cutoff) continue;
            await using var drop = dataSource.CreateCommand($"DROP TABLE IF EXISTS {name}");
            await drop.ExecuteNonQueryAsync(cancellationToken);
            dropped.Add(name);
        }
        // The ledger only needs to outlive redeliveries; keep it as long as the logs.
        await using var prune = dataSource.CreateCommand("DELETE FROM ingested_entries WHERE stored_at < now() - make_interval(days => @days)");
        prune.Parameters.AddWithValue("days", retentionDays);
        await prune.ExecuteNonQueryAsync(cancellationToken);
        return dropped;
    }
}
