using System.Text;
using LogPlatform.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace LogPlatform.Storage.Queries;

/// <summary>
/// Translates a <see cref="LogFilter"/> into a parameterised WHERE clause with the same meaning as
/// <see cref="LogFilter.Matches"/>. User input only ever travels as parameters.
/// </summary>
public static class LogFilterSql
{
    public static void AppendConditions(StringBuilder sql, NpgsqlCommand command, LogFilter filter)
    {
        if (filter.MinLevel is { } min)
        {
            sql.Append(" AND level >= ").Append(Add(command, (short)min, NpgsqlDbType.Smallint));
        }
        if (filter.LevelMask != 0)
        {
            var levels = filter.Levels.Select(l => (short)l).ToArray();
            sql.Append(" AND level = ANY(").Append(Add(command, levels, NpgsqlDbType.Array | NpgsqlDbType.Smallint)).Append(')');
        }
        if (filter.Source is not null)
        {
            sql.Append(" AND lower(source) = lower(").Append(Add(command, filter.Source, NpgsqlDbType.Text)).Append(')');
        }
        if (filter.Application is not null)
        {
            sql.Append(" AND lower(application) = lower(").Append(Add(command, filter.Application, NpgsqlDbType.Text)).Append(')');
        }
        if (filter.Text is not null)
        {
            sql.Append(" AND message ILIKE ").Append(Add(command, "%" + EscapeLike(filter.Text) + "%", NpgsqlDbType.Text));
        }
        if (filter.Pattern is not null)
        {
            // The template as a POSIX expression over the message (PatternTemplate): any log fits, however old.
            sql.Append(" AND message ~ ").Append(Add(command, PatternTemplate.ToRegex(filter.Pattern), NpgsqlDbType.Text));
        }
        foreach (var (name, value) in filter.Properties)
        {
            // "properties ? name" adds nothing to the meaning (->> of a missing key is null, never equal) but lets the
            // planner use a partial index declared WHERE properties ? 'name' (ix_logs_job_run_id): it cannot infer it.
            var key = Add(command, name, NpgsqlDbType.Text);
            sql.Append(" AND properties ? ").Append(key)
               .Append(" AND properties ->> ").Append(key).Append(" = ").Append(Add(command, value, NpgsqlDbType.Text));
        }
    }

    /// <summary>Escapes LIKE's wildcards so the text is matched literally (backslash is PostgreSQL's default escape).</summary>
    public static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");

    private static string Add<T>(NpgsqlCommand command, T value, NpgsqlDbType type)
    {
        var name = "@p" + command.Parameters.Count;
        command.Parameters.Add(new NpgsqlParameter<T>(name, type) { TypedValue = value });
        return name;
    }
}
