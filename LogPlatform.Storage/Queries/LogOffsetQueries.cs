using System.Runtime.CompilerServices;
using System.Text;
using LogPlatform.Contracts;
using Npgsql;

namespace LogPlatform.Storage.Queries;

/// <summary>
/// Reads of the <c>logs</c> table in the order they happened (timestamp, then id), paged by offset, for clients that page
/// that way; LogPlatform's own history pages by cursor (<see cref="LogQueries.SearchAsync"/>). Offset paging costs the
/// rows it skips, so callers bound the offset (<see cref="MaxOffset"/>) and the total is counted up to <see cref="MaxCountedTotal"/>.
/// </summary>
public sealed class LogOffsetQueries(NpgsqlDataSource dataSource)
{
    public const int MaxOffset = 100_000;
    public const int MaxCountedTotal = 1_000_000;

    /// <summary>Logs <paramref name="offset"/>..offset+limit of the matching ones, oldest first, and how many match in all.</summary>
    public async Task<LogOffsetPage> PageAsync(LogRange range, int offset, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, MaxOffset);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {LogQueries.Columns} FROM logs WHERE true");
        AppendConditions(sql, command, range);
        sql.Append(" ORDER BY timestamp, id OFFSET ").Append(offset).Append(" LIMIT ").Append(limit);
        command.CommandText = sql.ToString();
        var items = await LogQueries.ReadAllAsync(command, cancellationToken).ToListAsync(cancellationToken);

        // A page that is not full and not empty ends the result: the total follows without counting.
        long total;
        if (items.Count > 0 && items.Count < limit)
        {
            total = offset + items.Count;
        }
        else
        {
            await using var count = connection.CreateCommand();
            var countSql = new StringBuilder("SELECT count(*) FROM (SELECT 1 FROM logs WHERE true");
            AppendConditions(countSql, count, range);
            countSql.Append(" LIMIT ").Append(MaxCountedTotal).Append(") matching");
            count.CommandText = countSql.ToString();
            total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }
        return new LogOffsetPage(items, total);
    }

    /// <summary>Every matching log, oldest first, at most <paramref name="max"/>, streamed row by row.</summary>
    public async IAsyncEnumerable<LogEvent> ReadAsync(LogRange range, int max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {LogQueries.Columns} FROM logs WHERE true");
        AppendConditions(sql, command, range);
        sql.Append(" ORDER BY timestamp, id LIMIT ").Append(max);
        command.CommandText = sql.ToString();
        await foreach (var log in LogQueries.ReadAllAsync(command, cancellationToken)) yield return log;
    }

    private static void AppendConditions(StringBuilder sql, NpgsqlCommand command, LogRange range)
    {
        LogFilterSql.AppendConditions(sql, command, range.Filter);
        if (range.From is { } from)
        {
            sql.Append(" AND timestamp >= @from");
            command.Parameters.AddWithValue("from", from.ToUniversalTime());
        }
        if (range.To is { } to)
        {
            sql.Append(" AND timestamp < @to");
            command.Parameters.AddWithValue("to", to.ToUniversalTime());
        }
    }
}

/// <summary>What to read: a filter and an optional time range (<c>From</c> inclusive, <c>To</c> exclusive).</summary>
public sealed record LogRange(LogFilter Filter, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>One offset page, oldest first, and the number of matching logs (at most <see cref="LogOffsetQueries.MaxCountedTotal"/>).</summary>
public sealed record LogOffsetPage(IReadOnlyList<LogEvent> Items, long Total);
