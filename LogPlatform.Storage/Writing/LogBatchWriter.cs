using LogPlatform.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace LogPlatform.Storage.Writing;

/// <summary>
/// Stores a batch of stream entries exactly once, in one transaction: record the entry ids in the ledger (a redelivered
/// entry is already there and is skipped), take ids from the sequence in the same round trip, then binary COPY the rows
/// of the new entries.
/// </summary>
/// <remarks>
/// Writers take turns, across processes (a PostgreSQL advisory lock), from taking ids until the batch is committed and
/// announced: ids then increase in commit order, and batches are published in id order. A client that resumes after
/// the last id it saw (<c>after_id</c>, SSE's Last-Event-ID) therefore misses nothing; without turns, a batch with
/// lower ids could commit after one with higher ids and never reach it. The turn covers PostgreSQL's work on the batch,
/// which is the platform's bottleneck anyway (bench/README.md); decoding and reading happen outside it.
/// </remarks>
public sealed class LogBatchWriter(NpgsqlDataSource dataSource)
{
    private const string CopyCommand =
        "COPY logs (id, \"timestamp\", level, message, source, application, trace_id, span_id, properties, received_at) FROM STDIN (FORMAT BINARY)";

    /// <summary>Key of the session-level advisory lock that orders the writers ("LPcommit").</summary>
    private const long TurnLockKey = 0x4C50_636F_6D6D_6974;

    private static readonly Func<StoredBatch, CancellationToken, Task> NothingToAnnounce = (_, _) => Task.CompletedTask;

    public Task<StoredBatch> WriteAsync(IReadOnlyList<StreamEntryLogs> entries, CancellationToken cancellationToken)
        => WriteAsync(entries, NothingToAnnounce, cancellationToken);

    /// <summary>
    /// Stores the batch in this writer's turn and runs <paramref name="announce"/> (acknowledge and publish) before the
    /// turn passes to the next writer. Exceptions from <paramref name="announce"/> come after the commit: the rows are stored.
    /// </summary>
    public async Task<StoredBatch> WriteAsync(IReadOnlyList<StreamEntryLogs> entries, Func<StoredBatch, CancellationToken, Task> announce,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection) { Parameters = { new() { Value = TurnLockKey } } })
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            var stored = await StoreAsync(connection, entries, cancellationToken);
            await announce(stored, cancellationToken);
            return stored;
        }
        finally
        {
            await ReleaseTurnAsync(connection);
        }
    }

    private static async Task ReleaseTurnAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open) return; // a broken session took its lock with it
        try
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection) { Parameters = { new() { Value = TurnLockKey } } };
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The session is gone, and PostgreSQL released its lock with it.
        }
    }

    private static async Task<StoredBatch> StoreAsync(NpgsqlConnection connection, IReadOnlyList<StreamEntryLogs> entries, CancellationToken cancellationToken)
    {
        var totalLogs = entries.Sum(e => e.Logs.Length);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var fresh = new HashSet<string>(StringComparer.Ordinal);
        var ids = new long[totalLogs];
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                "INSERT INTO ingested_entries (stream_id) SELECT unnest($1) ON CONFLICT DO NOTHING RETURNING stream_id")
            {
                Parameters = { new NpgsqlParameter { Value = entries.Select(e => e.StreamId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text } },
            });
            // A block of ids for every log of the batch, in one step: only the writer whose turn it is takes ids (and the
            // sequence caches none per session, 003_commit_ordered_ids.sql). A repeated entry leaves a gap, which costs nothing.
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT setval('logs_id_seq', nextval('logs_id_seq') + $1 - 1)")
            {
                Parameters = { new NpgsqlParameter { Value = Math.Max(totalLogs, 1), NpgsqlDbType = NpgsqlDbType.Bigint } },
            });
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) fresh.Add(reader.GetString(0));
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var last = reader.GetInt64(0);
            for (var i = 0; i < totalLogs; i++) ids[i] = last - totalLogs + 1 + i;
        }

        var stored = new List<LogEvent>(totalLogs);
        if (fresh.Count > 0)
        {
            await using var importer = await connection.BeginBinaryImportAsync(CopyCommand, cancellationToken);
            var next = 0;
            foreach (var entry in entries)
            {
                if (!fresh.Contains(entry.StreamId)) continue;
                foreach (var log in entry.Logs)
                {
                    var id = ids[next++];
                    await importer.StartRowAsync(cancellationToken);
                    await importer.WriteAsync(id, NpgsqlDbType.Bigint, cancellationToken);
                    await importer.WriteAsync(log.Timestamp.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                    await importer.WriteAsync((short)log.Level, NpgsqlDbType.Smallint, cancellationToken);
                    await importer.WriteAsync(log.Message, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync(log.Source, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync(log.Application, NpgsqlDbType.Text, cancellationToken);
                    await WriteNullableAsync(importer, log.TraceId, NpgsqlDbType.Text, cancellationToken);
                    await WriteNullableAsync(importer, log.SpanId, NpgsqlDbType.Text, cancellationToken);
                    await WriteNullableAsync(importer, log.Properties?.GetRawText(), NpgsqlDbType.Jsonb, cancellationToken);
                    await importer.WriteAsync(log.ReceivedAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                    stored.Add(log with { Id = id });
                }
            }
            await importer.CompleteAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new StoredBatch(stored, entries.Count - fresh.Count);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type, CancellationToken cancellationToken)
        => value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, type, cancellationToken);
}
