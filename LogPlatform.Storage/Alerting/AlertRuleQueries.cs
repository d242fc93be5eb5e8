using LogPlatform.Alerting.Rules;
using Npgsql;

namespace LogPlatform.Storage.Alerting;

/// <summary>
/// <c>alert_rules</c> for the rules API. A write checks the channels it names in its transaction (locked <c>FOR SHARE</c>, so
/// a channel cannot be deleted under it) and bumps <see cref="AlertRule.Version"/>, which tells the evaluator the rule changed.
/// </summary>
public sealed class AlertRuleQueries(NpgsqlDataSource dataSource)
{
    private const string Columns = "r.id, r.name, r.description, r.enabled, r.filter, r.condition, r.threshold, r.window_seconds, " +
                                   "r.anomaly_kind, r.severity, r.channel_ids, r.repeat_interval_seconds, r.settle_seconds, r.group_by, " +
                                   "r.version, r.created_at, r.updated_at";

    // Firing wins over silenced: a rule silenced for one group can still fire for another.
    private const string State = $"""
        CASE WHEN EXISTS (SELECT 1 FROM alerts a WHERE a.rule_id = r.id AND a.state = 'firing') THEN '{AlertRuleStates.Firing}'
             WHEN EXISTS (SELECT 1 FROM alert_silences s WHERE s.rule_id = r.id AND s.group_key IS NULL AND s.until > @now)
                  THEN '{AlertRuleStates.Silenced}'
             ELSE '{AlertRuleStates.Ok}' END
        """;

    public async Task<IReadOnlyList<AlertRuleRow>> ListAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns}, {State} FROM alert_rules r ORDER BY r.name");
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<AlertRuleRow?> FindAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns}, {State} FROM alert_rules r WHERE r.id = @id");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        return (await ReadAllAsync(command, cancellationToken)).FirstOrDefault();
    }

    /// <summary>Stores a new rule at version 1.</summary>
    /// <exception cref="NameTakenException">Another rule has the name.</exception>
    public Task<AlertRuleWrite> InsertAsync(AlertRule rule, DateTimeOffset now, CancellationToken cancellationToken) => WriteAsync(rule, $"""
        INSERT INTO alert_rules AS r (id, name, description, enabled, filter, condition, threshold, window_seconds, anomaly_kind, severity,
                                      channel_ids, repeat_interval_seconds, settle_seconds, group_by, version, created_at, updated_at)
        VALUES (@id, @name, @description, @enabled, @filter, @condition, @threshold, @window_seconds, @anomaly_kind, @severity,
                @channel_ids, @repeat_interval_seconds, @settle_seconds, @group_by, 1, @now, @now)
        RETURNING {Columns}, {State}
        """, now, cancellationToken);

    /// <summary>Replaces a rule's settings and bumps its version.</summary>
    /// <exception cref="NameTakenException">Another rule has the name.</exception>
    public Task<AlertRuleWrite> UpdateAsync(AlertRule rule, DateTimeOffset now, CancellationToken cancellationToken) => WriteAsync(rule, $"""
        UPDATE alert_rules AS r
        SET name = @name, description = @description, enabled = @enabled, filter = @filter, condition = @condition, threshold = @threshold,
            window_seconds = @window_seconds, anomaly_kind = @anomaly_kind, severity = @severity, channel_ids = @channel_ids,
            repeat_interval_seconds = @repeat_interval_seconds, settle_seconds = @settle_seconds, group_by = @group_by,
            version = r.version + 1, updated_at = @now
        WHERE r.id = @id
        RETURNING {Columns}, {State}
        """, now, cancellationToken);

    /// <summary>Deletes a rule and its silences, in one statement (its incidents stay, as history).</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "WITH silences AS (DELETE FROM alert_silences WHERE rule_id = @id) DELETE FROM alert_rules WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private async Task<AlertRuleWrite> WriteAsync(AlertRule rule, string sql, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (rule.ChannelIds.Count > 0)
        {
            await using var channels = new NpgsqlCommand(
                "SELECT id FROM notification_channels WHERE id = ANY(@ids) FOR SHARE", connection, transaction);
            channels.Parameters.AddWithValue("ids", rule.ChannelIds.ToArray());
            var found = new HashSet<Guid>();
            await using (var reader = await channels.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken)) found.Add(reader.GetGuid(0));
            }
            var missing = rule.ChannelIds.Where(id => !found.Contains(id)).ToList();
            if (missing.Count > 0) return new AlertRuleWrite(null, missing);
        }

        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("id", rule.Id);
        command.Parameters.AddWithValue("name", rule.Name);
        command.Parameters.AddWithValue("description", (object?)rule.Description ?? DBNull.Value);
        command.Parameters.AddWithValue("enabled", rule.Enabled);
        command.Parameters.AddWithValue("filter", rule.FilterQuery);
        command.Parameters.AddWithValue("condition", rule.Condition.ToWireName());
        command.Parameters.AddWithValue("threshold", rule.Threshold);
        command.Parameters.AddWithValue("window_seconds", (int)rule.Window.TotalSeconds);
        command.Parameters.AddWithValue("anomaly_kind", (object?)rule.AnomalyKind ?? DBNull.Value);
        command.Parameters.AddWithValue("severity", rule.Severity);
        command.Parameters.AddWithValue("channel_ids", rule.ChannelIds.ToArray());
        command.Parameters.AddWithValue("repeat_interval_seconds", (int)rule.RepeatInterval.TotalSeconds);
        command.Parameters.AddWithValue("settle_seconds", (int)rule.Settle.TotalSeconds);
        command.Parameters.AddWithValue("group_by", (object?)rule.Grouping.WireName ?? DBNull.Value);
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        AlertRuleRow? row;
        try
        {
            row = (await ReadAllAsync(command, cancellationToken)).FirstOrDefault();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new NameTakenException(rule.Name, e);
        }
        await transaction.CommitAsync(cancellationToken);
        return new AlertRuleWrite(row, []);
    }

    private static async Task<List<AlertRuleRow>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<AlertRuleRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            var draft = new AlertRuleDraft
            {
                Name = reader.GetString(1),
                Description = reader.IsDBNull(2) ? null : reader.GetString(2),
                Enabled = reader.GetBoolean(3),
                Filter = reader.GetString(4),
                Condition = reader.GetString(5),
                Threshold = reader.GetDouble(6),
                WindowSeconds = reader.GetInt32(7),
                AnomalyKind = reader.IsDBNull(8) ? null : reader.GetString(8),
                Severity = reader.GetString(9),
                ChannelIds = reader.GetFieldValue<Guid[]>(10),
                RepeatIntervalSeconds = reader.GetInt32(11),
                SettleSeconds = reader.GetInt32(12),
                GroupBy = reader.IsDBNull(13) ? null : reader.GetString(13),
            };
            // Rows are written only from valid rules; one that no longer validates (the rules grew stricter) is a bug to see, not to skip.
            if (!AlertRule.TryCreate(id, draft, reader.GetInt32(14), out var rule, out var errors))
            {
                throw new InvalidOperationException($"Stored alert rule {id} is not valid: {string.Join("; ", errors.Select(e => $"{e.Key} {e.Value[0]}"))}");
            }
            rows.Add(new AlertRuleRow(rule!, reader.GetFieldValue<DateTimeOffset>(15), reader.GetFieldValue<DateTimeOffset>(16), reader.GetString(17)));
        }
        return rows;
    }
}
