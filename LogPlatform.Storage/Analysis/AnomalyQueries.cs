using System.Text;
using LogPlatform.Contracts;
using Npgsql;

namespace LogPlatform.Storage.Analysis;

/// <summary>Reads of <c>anomalies</c> for the anomalies API, paged by their <c>seq</c> (the order they were stored in).</summary>
public sealed class AnomalyQueries(NpgsqlDataSource dataSource)
{
    private const string Columns = "seq, id, kind, score, severity, application, source, pattern_id, pattern, observed, expected, " +
                                   "reasons, suggestions, window_start, window_end, example_log_ids, detected_at";

    public async Task<AnomalyPage> SearchAsync(AnomalySearch search, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var sql = new StringBuilder($"SELECT {Columns} FROM anomalies WHERE true");
        if (search.Kind is { } kind)
        {
            sql.Append(" AND kind = @kind");
            command.Parameters.AddWithValue("kind", kind);
        }
        if (search.Application is { } application)
        {
            sql.Append(" AND lower(application) = lower(@application)");
            command.Parameters.AddWithValue("application", application);
        }
        if (search.MinScore is { } minScore)
        {
            sql.Append(" AND score >= @min_score");
            command.Parameters.AddWithValue("min_score", minScore);
        }
        if (search.From is { } from)
        {
            sql.Append(" AND detected_at >= @from");
            command.Parameters.AddWithValue("from", from.ToUniversalTime());
        }
        if (search.To is { } to)
        {
            sql.Append(" AND detected_at < @to");
            command.Parameters.AddWithValue("to", to.ToUniversalTime());
        }
        if (search.Before is { } before)
        {
            sql.Append(" AND seq < @before");
            command.Parameters.AddWithValue("before", before);
        }
        sql.Append(" ORDER BY seq DESC LIMIT ").Append(search.Limit + 1);
        command.CommandText = sql.ToString();

        var items = new List<(long Seq, Anomaly Anomaly)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) items.Add((reader.GetInt64(0), Read(reader)));
        }
        long? next = null;
        if (items.Count > search.Limit)
        {
            items.RemoveAt(items.Count - 1);
            next = items[^1].Seq;
        }
        return new AnomalyPage([.. items.Select(i => i.Anomaly)], next);
    }

    private static Anomaly Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetString(1),
        Kind = reader.GetString(2),
        Score = reader.GetDouble(3),
        Severity = reader.GetString(4),
        Application = reader.GetString(5),
        Source = reader.IsDBNull(6) ? null : reader.GetString(6),
        PatternId = reader.IsDBNull(7) ? null : reader.GetString(7),
        Pattern = reader.IsDBNull(8) ? null : reader.GetString(8),
        Observed = reader.GetDouble(9),
        Expected = reader.GetDouble(10),
        Reasons = reader.GetFieldValue<string[]>(11),
        Suggestions = reader.GetFieldValue<string[]>(12),
        WindowStart = reader.GetFieldValue<DateTimeOffset>(13),
        WindowEnd = reader.GetFieldValue<DateTimeOffset>(14),
        ExampleLogIds = reader.GetFieldValue<long[]>(15),
        DetectedAt = reader.GetFieldValue<DateTimeOffset>(16),
    };
}
