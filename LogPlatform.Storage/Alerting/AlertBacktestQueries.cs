using System.Text;
using LogPlatform.Alerting.Evaluation;
using LogPlatform.Alerting.Rules;
using LogPlatform.Contracts;
using LogPlatform.Storage.Queries;
using Npgsql;
using NpgsqlTypes;

namespace LogPlatform.Storage.Alerting;

/// <summary>
/// The stored counts a rule's backtest replays, in the buckets of its window (<see cref="AlertBacktest.BucketFor"/>), one
/// query per test: matching logs (and errors) per bucket and group; for <c>new_pattern</c> the patterns first seen; for
/// <c>anomaly</c> the stored anomalies of the kind and score.
/// </summary>
public sealed class AlertBacktestQueries(NpgsqlDataSource dataSource)
{
    /// <summary>A day of a busy platform is a large scan: past this the test says so rather than holding a connection.</summary>
    public const int TimeoutSeconds = 20;

    /// <param name="filter">The rule's filter with a pattern id already replaced by the stored template.</param>
    public async Task<IReadOnlyList<BacktestPoint>> CountsAsync(AlertRule rule, LogFilter filter, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        command.CommandTimeout = TimeoutSeconds;
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("width", NpgsqlDbType.Interval) { TypedValue = AlertBacktest.BucketFor(rule) });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("from", NpgsqlDbType.TimestampTz) { TypedValue = from.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("to", NpgsqlDbType.TimestampTz) { TypedValue = to.ToUniversalTime() });
        var sql = new StringBuilder();
        switch (rule.Condition)
        {
            case AlertCondition.NewPattern:
                sql.Append("SELECT date_bin(@width, first_seen, @from), ").Append(Group(rule, command, "application", "''", "''"))
                   .Append(", count(*), 0::bigint FROM patterns WHERE first_seen >= @from AND first_seen < @to");
                AppendApplication(sql, command, filter);
                break;
            case AlertCondition.Anomaly:
                sql.Append("SELECT date_bin(@width, detected_at, @from), ").Append(Group(rule, command, "application", "coalesce(source, '')", "''"))
                   .Append(", count(*), 0::bigint FROM anomalies WHERE detected_at >= @from AND detected_at < @to AND score >= @min_score");
                command.Parameters.AddWithValue("min_score", rule.Threshold);
                if (rule.AnomalyKind is { } kind)
                {
                    sql.Append(" AND kind = @kind");
                    command.Parameters.AddWithValue("kind", kind);
                }
                if (filter.Source is { } source)
                {
                    sql.Append(" AND lower(source) = lower(@source)");
                    command.Parameters.AddWithValue("source", source);
                }
                AppendApplication(sql, command, filter);
                break;
            default:
                sql.Append("SELECT date_bin(@width, timestamp, @from), ").Append(Group(rule, command, "application", "source", "level::text"))
                   .Append(", count(*), count(*) FILTER (WHERE level >= ").Append((short)LogSeverity.Error)
                   .Append(") FROM logs WHERE timestamp >= @from AND timestamp < @to");
                LogFilterSql.AppendConditions(sql, command, filter);
                break;
        }
        sql.Append(" GROUP BY 1, 2 ORDER BY 1");
        command.CommandText = sql.ToString();

        var points = new List<BacktestPoint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var group = reader.GetString(1);
            if (rule.Grouping.Kind == AlertGroupingKind.Level && rule.Condition is not (AlertCondition.NewPattern or AlertCondition.Anomaly))
            {
                group = ((LogSeverity)short.Parse(group, System.Globalization.CultureInfo.InvariantCulture)).ToWireName();
            }
            points.Add(new BacktestPoint(reader.GetFieldValue<DateTimeOffset>(0), group, reader.GetInt64(2), reader.GetInt64(3)));
        }
        return points;
    }

    /// <summary>The group column: what the table has for the rule's grouping, the empty group otherwise.</summary>
    private static string Group(AlertRule rule, NpgsqlCommand command, string application, string source, string level)
    {
        switch (rule.Grouping.Kind)
        {
            case AlertGroupingKind.Application: return application;
            case AlertGroupingKind.Source: return source;
            case AlertGroupingKind.Level: return level;
            case AlertGroupingKind.Property when rule.Condition is not (AlertCondition.NewPattern or AlertCondition.Anomaly):
                command.Parameters.AddWithValue("group_property", rule.Grouping.Property!);
                return "coalesce(properties ->> @group_property, '')";
            default: return "''";
        }
    }

    private static void AppendApplication(StringBuilder sql, NpgsqlCommand command, LogFilter filter)
    {
        if (filter.Application is not { } application) return;
        sql.Append(" AND lower(application) = lower(@application)");
        command.Parameters.AddWithValue("application", application);
    }
}
