using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using LogPlatform.Contracts;
using Npgsql;

namespace LogPlatform.Storage.Queries;

/// <summary>Reads of the <c>logs</c> table: search with keyset paging, by id, export, and what the streams need (latest, after an id).</summary>
public sealed class LogQueries(NpgsqlDataSource dataSource)
{
    internal const string Columns = "id, timestamp, level, message, source, application, trace_id, span_id, properties, received_at";

    /// <summary>The last <paramref name="count"/> logs matching, oldest first.</summary>
    public async Task<List<LogEvent>> LatestAsync(LogFilter filter, int count, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var sql = new StringBuilder($"SELECT {Columns} FROM logs WHERE true");
        LogFilterSql.AppendConditions(sql, command, filter);
        sql.Append(" ORDER BY id DESC LIMIT ").Append(count);
        command.CommandText = sql.ToString();
        var logs = await ReadAllAsync(command, cancellationToken).ToListAsync(cancellationToken);
        logs.Reverse();
        return logs;
    }

    /// <summary>Counting what a resume skipped stops here: beyond it the count means "at least".</summary>
    public const int MaxSkippedCount = 1_000_000;

    /// <summary>
    /// The newest <paramref name="limit"/> matching logs with an id above <paramref name="afterId"/>, ascending, and how many
    /// older ones after the id were left out: a resumed stream must meet the live one without a gap, and say what it skipped.
    /// </summary>
    public async Task<ResumedLogs> AfterAsync(LogFilter filter, long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var sql = new StringBuilder($"SELECT {Columns} FROM logs WHERE id > @after");
        command.Parameters.AddWithValue("after", afterId);
        LogFilterSql.AppendConditions(sql, command, filter);
        sql.Append(" ORDER BY id DESC LIMIT ").Append(limit);
        command.CommandText = sql.ToString();
        var logs = await ReadAllAsync(command, cancellationToken).ToListAsync(cancellationToken);
        logs.Reverse();
        if (logs.Count < limit) return new ResumedLogs(logs, 0);

        await using var count = dataSource.CreateCommand();
        var countSql = new StringBuilder("SELECT count(*) FROM (SELECT 1 FROM logs WHERE id > @after AND id < @first");
        count.Parameters.AddWithValue("after", afterId);
        count.Parameters.AddWithValue("first", logs.Count > 0 ? logs[0].Id : long.MaxValue);
        LogFilterSql.AppendConditions(countSql, count, filter);
        countSql.Append(" LIMIT ").Append(MaxSkippedCount).Append(") skipped");
        count.CommandText = countSql.ToString();
        return new ResumedLogs(logs, (long)(await count.ExecuteScalarAsync(cancellationToken))!);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> logs with ids strictly between <paramref name="afterId"/> and <paramref name="beforeId"/>,
    /// ascending: for a reader that must see every stored log once, in order (ids follow commit order).
    /// </summary>
    public async Task<List<LogEvent>> BetweenIdsAsync(long afterId, long beforeId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM logs WHERE id > @after AND id < @before ORDER BY id LIMIT {limit}");
        command.Parameters.AddWithValue("after", afterId);
        command.Parameters.AddWithValue("before", beforeId);
        return await ReadAllAsync(command, cancellationToken).ToListAsync(cancellationToken);
    }

    /// <summary>The highest stored id (0 when nothing is stored).</summary>
    public async Task<long> NewestIdAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce(max(id), 0) FROM logs");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>A page of matching logs, newest first (timestamp, then id), after the cursor.</summary>
    public async Task<LogPage> SearchAsync(LogSearch search, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var sql = new StringBuilder($"SELECT {Columns} FROM logs WHERE true");
        AppendSearchConditions(sql, command, search, withCursor: true);
        // One more than asked tells whether there is a next page without a count.
        sql.Append(" ORDER BY timestamp DESC, id DESC LIMIT ").Append(search.Limit + 1);
        command.CommandText = sql.ToString();
        var items = await ReadAllAsync(command, cancellationToken).ToListAsync(cancellationToken);

        string? next = null;
        if (items.Count > search.Limit)
        {
            items.RemoveAt(items.Count - 1);
            next = new LogCursor(items[^1].Timestamp, items[^1].Id).ToString();
        }

        long? total = null;
        if (search.IncludeTotal)
        {
            await using var count = dataSource.CreateCommand();
            var countSql = new StringBuilder("SELECT count(*) FROM logs WHERE true");
            AppendSearchConditions(countSql, count, search, withCursor: false);
            count.CommandText = countSql.ToString();
            total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }
        return new LogPage(items, next, total);
    }

    public async Task<LogEvent?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM logs WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await foreach (var log in ReadAllAsync(command, cancellationToken)) return log;
        return null;
    }

    /// <summary>Every matching log, newest first, streamed row by row: never the whole result in memory.</summary>
    public async IAsyncEnumerable<LogEvent> ExportAsync(LogSearch search, int max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {Columns} FROM logs WHERE true");
        AppendSearchConditions(sql, command, search, withCursor: true);
        sql.Append(" ORDER BY timestamp DESC, id DESC LIMIT ").Append(max);
        command.CommandText = sql.ToString();
        await foreach (var log in ReadAllAsync(command, cancellationToken)) yield return log;
    }

    private static void AppendSearchConditions(StringBuilder sql, NpgsqlCommand command, LogSearch search, bool withCursor)
    {
        LogFilterSql.AppendConditions(sql, command, search.Filter);
        if (search.From is { } from)
        {
            sql.Append(" AND timestamp >= @from");
            command.Parameters.AddWithValue("from", from.ToUniversalTime());
        }
        if (search.To is { } to)
        {
            sql.Append(" AND timestamp < @to");
            command.Parameters.AddWithValue("to", to.ToUniversalTime());
        }
        if (withCursor && search.After is { } after)
        {
            sql.Append(" AND (timestamp, id) < (@cursor_ts, @cursor_id)");
            command.Parameters.AddWithValue("cursor_ts", after.Timestamp.ToUniversalTime());
            command.Parameters.AddWithValue("cursor_id", after.Id);
        }
    }

    internal static async IAsyncEnumerable<LogEvent> ReadAllAsync(NpgsqlCommand command, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Read(reader);
        }
    }

    internal static LogEvent Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Timestamp = reader.GetFieldValue<DateTimeOffset>(1),
        Level = (LogSeverity)reader.GetInt16(2),
        Message = reader.GetString(3),
        Source = reader.GetString(4),
        Application = reader.GetString(5),
        TraceId = reader.IsDBNull(6) ? null : reader.GetString(6),
        SpanId = reader.IsDBNull(7) ? null : reader.GetString(7),
        Properties = reader.IsDBNull(8) ? null : ParseJson(reader.GetString(8)),
        ReceivedAt = reader.GetFieldValue<DateTimeOffset>(9),
    };

    private static JsonElement ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
