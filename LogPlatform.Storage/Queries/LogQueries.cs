using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using LogPlatform.Contracts;
using Npgsql;

namespace LogPlatform.Storage.Queries;

/// <summary>Reads of the <c>logs</c> table that the streams need: the latest matching logs, and those after an id.</summary>
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

    /// <summary>Logs matching with an id above <paramref name="afterId"/>, ascending, at most <paramref name="limit"/>.</summary>
    public async Task<List<LogEvent>> AfterAsync(LogFilter filter, long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var sql = new StringBuilder($"SELECT {Columns} FROM logs WHERE id > @after");
        command.Parameters.AddWithValue("after", afterId);
        LogFilterSql.AppendConditions(sql, command, filter);
        sql.Append(" ORDER BY id LIMIT ").Append(limit);
        command.CommandText = sql.ToString();
        return await ReadAllAsync(command, cancellationToken).ToListAsync(cancellationToken);
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
