using System.Buffers;
using Npgsql;
using NpgsqlTypes;

namespace LogPlatform.Storage.Writing;

/// <summary>
/// Stores a batch of stream entries exactly once, in one transaction: record the entry ids in the ledger (a redelivered
/// entry is already there and is skipped), take a block of ids from the sequence in the same round trip, then binary
/// COPY the rows of the new entries, encoded straight from their JSON payloads.
/// </summary>
/// <remarks>
/// Ids follow commit order, and batches are announced (published) in id order, across every writer of every process:
/// a client that resumes after the last id it saw (<c>after_id</c>, SSE's Last-Event-ID) therefore misses nothing.
/// Without this a batch with lower ids could commit after one with higher ids and never reach such a client. Writers
/// take their blocks of ids one at a time (a short advisory lock) and hold a ticket lock named after their block's last
/// id until they have committed and announced; before committing, a writer waits for the ticket of the block just
/// below its own. The COPYs, PostgreSQL's real work, still run side by side.
/// </remarks>
public sealed class LogBatchWriter(NpgsqlDataSource dataSource)
{
    private const string CopyCommand =
        "COPY logs (id, \"timestamp\", level, message, source, application, trace_id, span_id, properties, received_at) FROM STDIN (FORMAT BINARY)";

    /// <summary>Advisory lock key under which blocks of ids are taken, one writer at a time ("LPids").</summary>
    private const long IdBlockLockKey = 0x4C50_6964_7300_0000;

    /// <summary>Ticket lock keys: this prefix, then the last id of the writer's block (ids stay far below 2^48).</summary>
    private const long TicketKeyPrefix = 0x4C54L << 48;

    private static readonly Func<StoredBatch, CancellationToken, Task> NothingToAnnounce = (_, _) => Task.CompletedTask;

    public Task<StoredBatch> WriteAsync(IReadOnlyList<StreamEntryLogs> entries, CancellationToken cancellationToken)
        => WriteAsync(entries, NothingToAnnounce, cancellationToken);

    /// <summary>
    /// Stores the batch and runs <paramref name="announce"/> (acknowledge and publish) after the commit and before any
    /// writer with higher ids may commit. Exceptions from <paramref name="announce"/> come after the commit: the rows are stored.
    /// </summary>
    public async Task<StoredBatch> WriteAsync(IReadOnlyList<StreamEntryLogs> entries, Func<StoredBatch, CancellationToken, Task> announce,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            return await StoreAsync(connection, entries, announce, cancellationToken);
        }
        finally
        {
            await ReleaseLocksAsync(connection);
        }
    }

    /// <summary>Releases the id-block lock (if a failure left it taken) and the ticket; after the transaction has ended.</summary>
    private static async Task ReleaseLocksAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open) return; // a broken session took its locks with it
        try
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The session is gone, and PostgreSQL released its locks with it.
        }
    }

    private static async Task<StoredBatch> StoreAsync(NpgsqlConnection connection, IReadOnlyList<StreamEntryLogs> entries,
        Func<StoredBatch, CancellationToken, Task> announce, CancellationToken cancellationToken)
    {
        var totalLogs = entries.Sum(e => e.Count);
        var blockSize = Math.Max(totalLogs, 1);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var fresh = new HashSet<string>(StringComparer.Ordinal);
        long lastId;
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_lock($1)") { Parameters = { new() { Value = IdBlockLockKey } } });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                "INSERT INTO ingested_entries (stream_id) SELECT unnest($1) ON CONFLICT DO NOTHING RETURNING stream_id")
            {
                Parameters = { new NpgsqlParameter { Value = entries.Select(e => e.StreamId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text } },
            });
            // A block of ids for every log of the batch in one step (the sequence caches none per session,
            // 003_commit_ordered_ids.sql), and the ticket named after its last id. A repeated entry leaves a gap, which costs nothing.
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                "SELECT last, pg_advisory_lock($2 | last) FROM (SELECT setval('logs_id_seq', nextval('logs_id_seq') + $1 - 1) AS last) AS block")
            {
                Parameters =
                {
                    new NpgsqlParameter { Value = (long)blockSize, NpgsqlDbType = NpgsqlDbType.Bigint },
                    new NpgsqlParameter { Value = TicketKeyPrefix, NpgsqlDbType = NpgsqlDbType.Bigint },
                },
            });
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_unlock($1)") { Parameters = { new() { Value = IdBlockLockKey } } });

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) fresh.Add(reader.GetString(0));
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            lastId = reader.GetInt64(0);
        }

        var stored = entries.Where(e => fresh.Contains(e.StreamId)).ToList();
        var firstId = lastId - blockSize + 1;
        await CopyAsync(connection, stored, firstId, cancellationToken);

        // Commit only after the writer of the block just below has committed and announced (or given up).
        var predecessor = TicketKeyPrefix | (lastId - blockSize);
        await using (var wait = new NpgsqlBatch(connection, transaction))
        {
            wait.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_lock($1)") { Parameters = { new() { Value = predecessor } } });
            wait.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_unlock($1)") { Parameters = { new() { Value = predecessor } } });
            await wait.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);

        var result = new StoredBatch(stored, firstId, entries.Count - fresh.Count);
        await announce(result, cancellationToken);
        return result;
    }

    /// <summary>
    /// COPYs the entries' logs, encoded from their payloads (<see cref="LogCopyRows"/>), with ids in turn from
    /// <paramref name="firstId"/> (ids of the block left over for repeated entries stay unused).
    /// </summary>
    private static async Task CopyAsync(NpgsqlConnection connection, List<StreamEntryLogs> entries, long firstId, CancellationToken cancellationToken)
    {
        if (entries.Count == 0) return;
        var nextId = firstId;
        await using var copy = await connection.BeginRawBinaryCopyAsync(CopyCommand, cancellationToken);
        try
        {
            await copy.WriteAsync(LogCopyRows.Header, cancellationToken);
            foreach (var entry in entries)
            {
                var rows = ArrayPool<byte>.Shared.Rent(LogCopyRows.MaxBytes(entry.Payload.Length, entry.Count));
                try
                {
                    var length = LogCopyRows.Encode(entry.Payload.Span, nextId, rows);
                    await copy.WriteAsync(rows.AsMemory(0, length), cancellationToken);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(rows);
                }
                nextId += entry.Count;
            }
            await copy.WriteAsync(LogCopyRows.Trailer, cancellationToken);
        }
        catch
        {
            // Disposing would end the COPY with what was sent so far; cancel it instead (the transaction rolls back anyway).
            try
            {
                await copy.CancelAsync();
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException)
            {
                // The connection broke: the COPY and the transaction ended with it. The first error is the one to report.
            }
            throw;
        }
    }
}
