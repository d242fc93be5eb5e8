using LogPlatform.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace LogPlatform.Storage.Writing;

/// <summary>
/// Stores a batch of stream entries exactly once, in one transaction: record the entry ids in the ledger (a redelivered
/// entry is already there and is skipped; a concurrent duplicate waits on the row lock, then skips), take ids from the
/// sequence in the same round trip, then binary COPY the rows of the new entries.
/// </summary>
public sealed class LogBatchWriter(NpgsqlDataSource dataSource)
{
    private const string CopyCommand =
        "COPY logs (id, \"timestamp\", level, message, source, application, trace_id, span_id, properties, received_at) FROM STDIN (FORMAT BINARY)";

    public async Task<StoredBatch> WriteAsync(IReadOnlyList<StreamEntryLogs> entries, CancellationToken cancellationToken)
    {
        var totalLogs = entries.Sum(e => e.Logs.Length);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
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
            // Ids for every log of the batch; a repeated entry leaves a gap, which costs nothing.
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT nextval('logs_id_seq') FROM generate_series(1, $1)")
            {
                Parameters = { new NpgsqlParameter { Value = totalLogs, NpgsqlDbType = NpgsqlDbType.Integer } },
            });
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) fresh.Add(reader.GetString(0));
            await reader.NextResultAsync(cancellationToken);
            for (var i = 0; await reader.ReadAsync(cancellationToken); i++) ids[i] = reader.GetInt64(0);
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
