using LogPlatform.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace LogPlatform.Storage.Analysis;

/// <summary>
/// The analysis service's state in PostgreSQL: the checkpoint (the last log id processed), the patterns with their
/// totals, the per-minute counts and the anomalies, always written together in one transaction.
/// </summary>
public sealed class AnalysisStore(NpgsqlDataSource dataSource)
{
    /// <summary>The checkpoint's name in <c>analysis_checkpoints</c>.</summary>
    public const string CheckpointName = "patterns";

    /// <summary>The checkpoint (created at 0 the first time), and the <paramref name="maxPatterns"/> most recently seen patterns.</summary>
    public async Task<AnalysisState> LoadAsync(int maxPatterns, CancellationToken cancellationToken)
    {
        await using (var ensure = dataSource.CreateCommand(
            "INSERT INTO analysis_checkpoints (name, last_log_id) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING"))
        {
            ensure.Parameters.Add(new() { Value = CheckpointName });
            await ensure.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT last_log_id FROM analysis_checkpoints WHERE name = $1")
            { Parameters = { new() { Value = CheckpointName } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT * FROM (SELECT {PatternQueries.Columns} FROM patterns ORDER BY last_seen DESC, id LIMIT $1) newest
            ORDER BY last_seen, id
            """) { Parameters = { new() { Value = maxPatterns } } });
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var lastLogId = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var patterns = new List<PatternRow>();
        while (await reader.ReadAsync(cancellationToken)) patterns.Add(PatternQueries.Read(reader));
        return new AnalysisState(lastLogId, patterns);
    }

    /// <summary>
    /// Writes <paramref name="commit"/> and moves the checkpoint, if it is still at <see cref="AnalysisCommit.ExpectedLastLogId"/>
    /// (a compare-and-set under the row's lock: an instance that lost its lease but does not know it yet cannot write over
    /// its successor's figures); otherwise writes nothing and throws <see cref="CheckpointMovedException"/>.
    /// </summary>
    public async Task CommitAsync(AnalysisCommit commit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var move = new NpgsqlCommand("""
            UPDATE analysis_checkpoints SET last_log_id = $3, updated_at = now() WHERE name = $1 AND last_log_id = $2
            """, connection, transaction))
        {
            move.Parameters.Add(new() { Value = CheckpointName });
            move.Parameters.Add(new() { Value = commit.ExpectedLastLogId });
            move.Parameters.Add(new() { Value = commit.LastLogId });
            if (await move.ExecuteNonQueryAsync(cancellationToken) != 1) throw new CheckpointMovedException(commit.ExpectedLastLogId);
        }

        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            foreach (var pattern in commit.Patterns) batch.BatchCommands.Add(UpsertPattern(pattern));
            if (commit.MinuteCounts.Count > 0) batch.BatchCommands.Add(AddMinuteCounts(commit.MinuteCounts));
            foreach (var anomaly in commit.Anomalies) batch.BatchCommands.Add(InsertAnomaly(anomaly));
            if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Drops per-minute counts older than <paramref name="before"/>; returns how many rows went.</summary>
    public async Task<int> PruneMinuteCountsAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM pattern_minute_counts WHERE minute < $1");
        command.Parameters.Add(new() { Value = before.ToUniversalTime() });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand UpsertPattern(PatternRow pattern) => new("""
        INSERT INTO patterns (id, application, template, first_seen, last_seen, count, example_log_ids, sources)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (id) DO UPDATE SET
            template = excluded.template,
            first_seen = least(patterns.first_seen, excluded.first_seen),
            last_seen = greatest(patterns.last_seen, excluded.last_seen),
            count = patterns.count + excluded.count,
            example_log_ids = excluded.example_log_ids,
            sources = excluded.sources
        """)
    {
        Parameters =
        {
            new() { Value = pattern.Id },
            new() { Value = pattern.Application },
            new() { Value = pattern.Template },
            new() { Value = pattern.FirstSeen.ToUniversalTime() },
            new() { Value = pattern.LastSeen.ToUniversalTime() },
            new() { Value = pattern.Count },
            new() { Value = pattern.ExampleLogIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
            new() { Value = pattern.Sources, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
        },
    };

    private static NpgsqlBatchCommand AddMinuteCounts(IReadOnlyList<MinuteCount> counts) => new("""
        INSERT INTO pattern_minute_counts (pattern_id, minute, level, count)
        SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::smallint[], $4::bigint[])
        ON CONFLICT (pattern_id, minute, level) DO UPDATE SET count = pattern_minute_counts.count + excluded.count
        """)
    {
        Parameters =
        {
            new() { Value = counts.Select(c => c.PatternId).ToArray() },
            new() { Value = counts.Select(c => c.Minute.ToUniversalTime()).ToArray() },
            new() { Value = counts.Select(c => c.Level).ToArray() },
            new() { Value = counts.Select(c => c.Count).ToArray() },
        },
    };

    private static NpgsqlBatchCommand InsertAnomaly(Anomaly anomaly) => new("""
        INSERT INTO anomalies (id, kind, score, severity, application, source, pattern_id, pattern, observed, expected, reasons,
            suggestions, window_start, window_end, example_log_ids, detected_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
        ON CONFLICT (id) DO NOTHING
        """)
    {
        Parameters =
        {
            new() { Value = anomaly.Id },
            new() { Value = anomaly.Kind },
            new() { Value = anomaly.Score },
            new() { Value = anomaly.Severity },
            new() { Value = anomaly.Application },
            new() { Value = (object?)anomaly.Source ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            new() { Value = (object?)anomaly.PatternId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            new() { Value = (object?)anomaly.Pattern ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            new() { Value = anomaly.Observed },
            new() { Value = anomaly.Expected },
            new() { Value = anomaly.Reasons.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            new() { Value = anomaly.Suggestions.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            new() { Value = anomaly.WindowStart.ToUniversalTime() },
            new() { Value = anomaly.WindowEnd.ToUniversalTime() },
            new() { Value = anomaly.ExampleLogIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
            new() { Value = anomaly.DetectedAt.ToUniversalTime() },
        },
    };
}
