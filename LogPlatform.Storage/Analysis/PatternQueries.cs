using System.Text;
using LogPlatform.Contracts;
using Npgsql;

namespace LogPlatform.Storage.Analysis;

/// <summary>Reads of <c>patterns</c> and <c>pattern_minute_counts</c> for the patterns API.</summary>
public sealed class PatternQueries(NpgsqlDataSource dataSource)
{
    internal const string Columns = "id, application, template, first_seen, last_seen, count, example_log_ids, sources";

    /// <summary>A sparkline never has more points than this; a longer window is cut to its last minutes.</summary>
    public const int MaxMinutes = 24 * 60;

    public async Task<List<PatternSummary>> SearchAsync(PatternSearch search, CancellationToken cancellationToken)
    {
        var from = Minute(search.From);
        var to = search.To.ToUniversalTime();
        if ((to - from).TotalMinutes > MaxMinutes) from = Minute(to.AddMinutes(-MaxMinutes + 1));

        await using var command = dataSource.CreateCommand();
        var sql = new StringBuilder($"""
            WITH windowed AS (
                SELECT m.pattern_id, sum(m.count) AS window_count
                FROM pattern_minute_counts m
                WHERE m.minute >= @from AND m.minute < @to AND m.level >= @level
                GROUP BY m.pattern_id)
            SELECT p.{Columns.Replace(", ", ", p.", StringComparison.Ordinal)}, w.window_count
            FROM patterns p JOIN windowed w ON w.pattern_id = p.id
            WHERE true
            """);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        command.Parameters.AddWithValue("level", (short)(search.Level ?? LogSeverity.Trace));
        if (search.Application is { } application)
        {
            sql.Append(" AND p.application = @application");
            command.Parameters.AddWithValue("application", application);
        }
        if (search.NewSince is { } newSince)
        {
            sql.Append(" AND p.first_seen >= @new_since");
            command.Parameters.AddWithValue("new_since", newSince.ToUniversalTime());
        }
        sql.Append(search.Sort == PatternSort.Count ? " ORDER BY w.window_count DESC, p.id" : " ORDER BY p.last_seen DESC, p.id");
        sql.Append(" LIMIT ").Append(search.Limit);
        command.CommandText = sql.ToString();

        var found = new List<(PatternRow Row, long WindowCount)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) found.Add((Read(reader), reader.GetInt64(8)));
        }
        var minutes = await MinutesAsync([.. found.Select(f => f.Row.Id)], from, to, search.Level, cancellationToken);
        return [.. found.Select(f => Summarise(f.Row, f.WindowCount, minutes, from, to))];
    }

    /// <summary>One pattern with its counts over the window, or null.</summary>
    public async Task<PatternSummary?> FindAsync(long id, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
        => await FindRowAsync(id, cancellationToken) is { } row ? await SummariseAsync(row, from, to, cancellationToken) : null;

    /// <summary>A pattern already read, with its counts over the window.</summary>
    public async Task<PatternSummary> SummariseAsync(PatternRow row, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var start = Minute(from);
        var end = to.ToUniversalTime();
        if ((end - start).TotalMinutes > MaxMinutes) start = Minute(end.AddMinutes(-MaxMinutes + 1));
        var minutes = await MinutesAsync([row.Id], start, end, null, cancellationToken);
        var windowCount = minutes.TryGetValue(row.Id, out var counts) ? counts.Sum(c => c.Count) : 0;
        return Summarise(row, windowCount, minutes, start, end);
    }

    /// <summary>The stored row of one pattern, or null.</summary>
    public async Task<PatternRow?> FindRowAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM patterns WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private async Task<Dictionary<long, List<MinuteCount>>> MinutesAsync(long[] ids, DateTimeOffset from, DateTimeOffset to,
        LogSeverity? level, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, List<MinuteCount>>();
        if (ids.Length == 0) return result;
        await using var command = dataSource.CreateCommand("""
            SELECT pattern_id, minute, level, count FROM pattern_minute_counts
            WHERE pattern_id = ANY(@ids) AND minute >= @from AND minute < @to AND level >= @level
            """);
        command.Parameters.AddWithValue("ids", ids);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        command.Parameters.AddWithValue("level", (short)(level ?? LogSeverity.Trace));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var count = new MinuteCount(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt16(2), reader.GetInt64(3));
            if (!result.TryGetValue(count.PatternId, out var list)) result[count.PatternId] = list = [];
            list.Add(count);
        }
        return result;
    }

    private static PatternSummary Summarise(PatternRow row, long windowCount, Dictionary<long, List<MinuteCount>> minutes,
        DateTimeOffset from, DateTimeOffset to)
    {
        var length = Math.Max(1, (int)Math.Ceiling((to - from).TotalMinutes));
        var series = new long[length];
        var byLevel = new Dictionary<short, long>();
        if (minutes.TryGetValue(row.Id, out var counts))
        {
            foreach (var count in counts)
            {
                var index = (int)(count.Minute - from).TotalMinutes;
                if (index >= 0 && index < length) series[index] += count.Count;
                byLevel[count.Level] = byLevel.GetValueOrDefault(count.Level) + count.Count;
            }
        }
        return new PatternSummary(row, windowCount, series, byLevel);
    }

    /// <summary>The start of the minute holding <paramref name="time"/>, in UTC.</summary>
    public static DateTimeOffset Minute(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
    }

    internal static PatternRow Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
        reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt64(5), reader.GetFieldValue<long[]>(6), reader.GetFieldValue<string[]>(7));
}
