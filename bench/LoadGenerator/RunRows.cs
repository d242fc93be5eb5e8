using Npgsql;

namespace LoadGenerator;

/// <summary>
/// What PostgreSQL holds for one run: rows whose run id (where the load's shape puts it: <c>properties->>'job_run_id'</c>,
/// which the schema indexes, or under <c>properties.attributes</c> for OTLP) is the run's.
/// </summary>
public sealed record RunSummary(long Rows, long DistinctSeq, DateTimeOffset? FirstReceived, DateTimeOffset? LastStored, double? P50Ms, double? P99Ms)
{
    public bool HasDuplicates => Rows != DistinctSeq;
}

public sealed class RunRows(NpgsqlDataSource dataSource, string runId, LoadShape shape)
{
    private string RunFilter => shape == LoadShape.Otlp
        ? $"{shape.RunIdColumn} = $1"
        : "properties ? 'job_run_id' AND properties ->> 'job_run_id' = $1"; // the partial index's predicate

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM logs WHERE {RunFilter}");
        command.Parameters.AddWithValue(runId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Counts, duplicates (a seq stored twice) and the store latency: stored_at (the worker's transaction start, the
    /// column's default now()) minus received_at (when ingest took the request).
    /// </summary>
    public async Task<RunSummary> SummariseAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT count(*), count(DISTINCT {shape.SeqColumn}), min(received_at), max(stored_at),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM stored_at - received_at)) * 1000,
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM stored_at - received_at)) * 1000
            FROM logs WHERE {RunFilter}
            """);
        command.Parameters.AddWithValue(runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new RunSummary(
            reader.GetInt64(0), reader.GetInt64(1),
            reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
            reader.IsDBNull(4) ? null : reader.GetDouble(4),
            reader.IsDBNull(5) ? null : reader.GetDouble(5));
    }
}
