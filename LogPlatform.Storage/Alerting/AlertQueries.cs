using System.Text;
using Npgsql;

namespace LogPlatform.Storage.Alerting;

/// <summary>Reads of <c>alerts</c> (the incidents the evaluator writes) and their acknowledgement, for the alerts API.</summary>
public sealed class AlertQueries(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, rule_id, rule_name, group_key, state, severity, message, value, threshold, started_at, " +
                                   "last_notified_at, notifications, resolved_at, acknowledged_by, acknowledged_at";

    /// <summary>Newest first (by when they started).</summary>
    public async Task<IReadOnlyList<AlertIncident>> SearchAsync(AlertSearch search, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var sql = new StringBuilder($"SELECT {Columns} FROM alerts WHERE true");
        if (search.State is { } state)
        {
            sql.Append(" AND state = @state");
            command.Parameters.AddWithValue("state", state);
        }
        if (search.RuleId is { } ruleId)
        {
            sql.Append(" AND rule_id = @rule_id");
            command.Parameters.AddWithValue("rule_id", ruleId);
        }
        if (search.From is { } from)
        {
            sql.Append(" AND started_at >= @from");
            command.Parameters.AddWithValue("from", from.ToUniversalTime());
        }
        if (search.To is { } to)
        {
            sql.Append(" AND started_at < @to");
            command.Parameters.AddWithValue("to", to.ToUniversalTime());
        }
        sql.Append(" ORDER BY started_at DESC, id LIMIT ").Append(search.Limit);
        command.CommandText = sql.ToString();
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>Records who acknowledged the incident and when (a later acknowledgement replaces an earlier one).</summary>
    /// <returns>The incident, or null when none has the id.</returns>
    public async Task<AlertIncident?> AcknowledgeAsync(Guid id, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"UPDATE alerts SET acknowledged_by = @by, acknowledged_at = @at WHERE id = @id RETURNING {Columns}");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("by", by);
        command.Parameters.AddWithValue("at", at.ToUniversalTime());
        return (await ReadAllAsync(command, cancellationToken)).FirstOrDefault();
    }

    private static async Task<List<AlertIncident>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var alerts = new List<AlertIncident>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(new AlertIncident
            {
                Id = reader.GetGuid(0),
                RuleId = reader.GetGuid(1),
                RuleName = reader.GetString(2),
                Group = reader.GetString(3),
                State = reader.GetString(4),
                Severity = reader.GetString(5),
                Message = reader.GetString(6),
                Value = reader.GetDouble(7),
                Threshold = reader.GetDouble(8),
                StartedAt = reader.GetFieldValue<DateTimeOffset>(9),
                LastNotifiedAt = reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
                Notifications = reader.GetInt32(11),
                ResolvedAt = reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
                AcknowledgedBy = reader.IsDBNull(13) ? null : reader.GetString(13),
                AcknowledgedAt = reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14),
            });
        }
        return alerts;
    }
}
