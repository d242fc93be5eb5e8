using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace LoadGenerator;

/// <summary>
/// The storage ceiling: binary COPY of rows like the platform's into a scratch copy of <c>logs</c> (same columns,
/// defaults and indexes, not partitioned), in transactions of the worker's batch size, on as many connections as
/// there are workers. What the platform reaches end to end is compared with this.
/// </summary>
public sealed class CopyCeiling(BenchOptions options, LogCorpus corpus, NpgsqlDataSource dataSource)
{
    private const string Table = "bench_copy";

    public async Task<double> RunAsync(long rows, CancellationToken cancellationToken)
    {
        Console.WriteLine($"== copy-ceiling: {rows:N0} rows, {options.CopyConnections} connections, {options.CopyBatch:N0} rows per COPY");
        await ExecuteAsync($"DROP TABLE IF EXISTS {Table}; CREATE TABLE {Table} (LIKE logs INCLUDING DEFAULTS INCLUDING INDEXES)", cancellationToken);
        try
        {
            foreach (var index in await IndexesAsync(cancellationToken))
            {
                if (!options.CopyWithout.Any(part => index.Definition.Contains(part, StringComparison.OrdinalIgnoreCase))) continue;
                Console.WriteLine($"without index: {index.Definition}");
                await ExecuteAsync($"DROP INDEX {index.Name}", cancellationToken);
            }
            var cpu = CpuUsage.Start();
            var clock = Stopwatch.StartNew();
            var perConnection = rows / options.CopyConnections;
            await Task.WhenAll(Enumerable.Range(0, options.CopyConnections).Select(c =>
                CopyAsync(c * perConnection, c == options.CopyConnections - 1 ? rows - c * perConnection : perConnection, cancellationToken)));
            var seconds = clock.Elapsed.TotalSeconds;
            var rate = rows / seconds;
            Console.WriteLine($"copied {rows:N0} rows in {seconds:0.0} s: {rate:N0} rows/s");
            Console.WriteLine(cpu.Describe());
            return rate;
        }
        finally
        {
            await ExecuteAsync($"DROP TABLE IF EXISTS {Table}", CancellationToken.None);
        }
    }

    private async Task CopyAsync(long first, long count, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var now = DateTime.UtcNow;
        for (var done = 0L; done < count;)
        {
            var batch = (int)Math.Min(options.CopyBatch, count - done);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var importer = await connection.BeginBinaryImportAsync(
                $"COPY {Table} (id, \"timestamp\", level, message, source, application, trace_id, span_id, properties, received_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                for (var i = 0; i < batch; i++)
                {
                    var id = first + done + i + 1;
                    var line = corpus.Lines[(int)(id % corpus.Lines.Count)];
                    await importer.StartRowAsync(cancellationToken);
                    await importer.WriteAsync(id, NpgsqlDbType.Bigint, cancellationToken);
                    await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                    await importer.WriteAsync(line.Severity, NpgsqlDbType.Smallint, cancellationToken);
                    await importer.WriteAsync(line.Message, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync(line.Source, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync(line.Application, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteNullAsync(cancellationToken);
                    await importer.WriteNullAsync(cancellationToken);
                    await importer.WriteAsync($"{{\"job_run_id\":\"copy\",\"seq\":{id},\"sent_us\":{now.Ticks / 10}}}", NpgsqlDbType.Jsonb, cancellationToken);
                    await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                }
                await importer.CompleteAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            done += batch;
        }
    }

    private async Task<List<(string Name, string Definition)>> IndexesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT indexname, indexdef FROM pg_indexes WHERE tablename = '{Table}'");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var indexes = new List<(string, string)>();
        while (await reader.ReadAsync(cancellationToken)) indexes.Add((reader.GetString(0), reader.GetString(1)));
        return indexes;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
