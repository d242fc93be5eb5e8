using Analysis.Service.Pipeline;
using LogPlatform.Alerting.Evaluation;
using LogPlatform.Alerting.Rules;
using LogPlatform.Contracts;
using Npgsql;

namespace Analysis.Service.Alerting;

/// <summary>The evaluator's side of the alerting tables: enabled rules, active silences, firing incidents, and incidents written back.</summary>
public sealed partial class AlertRuleStore(NpgsqlDataSource dataSource, ILogger<AlertRuleStore> logger)
{
    private const string UniqueViolation = "23505";

    public async Task<IReadOnlyList<AlertRule>> LoadRulesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, name, description, filter, condition, threshold, window_seconds, anomaly_kind, severity, channel_ids, " +
            "repeat_interval_seconds, settle_seconds, group_by, version FROM alert_rules WHERE enabled");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rules = new List<AlertRule>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var draft = new AlertRuleDraft
            {
                Name = reader.GetString(1), Description = reader.IsDBNull(2) ? null : reader.GetString(2), Enabled = true,
                Filter = reader.GetString(3), Condition = reader.GetString(4), Threshold = reader.GetDouble(5), WindowSeconds = reader.GetInt32(6),
                AnomalyKind = reader.IsDBNull(7) ? null : reader.GetString(7), Severity = reader.GetString(8), ChannelIds = reader.GetFieldValue<Guid[]>(9),
                RepeatIntervalSeconds = reader.GetInt32(10), SettleSeconds = reader.GetInt32(11), GroupBy = reader.IsDBNull(12) ? null : reader.GetString(12),
            };
            var id = reader.GetGuid(0);
            if (AlertRule.TryCreate(id, draft, reader.GetInt32(13), out var rule, out var errors)) rules.Add(rule!);
            // The API validates with the same code, so only a hand-edited row gets here: say which, and go on with the others.
            else LogInvalidRule(draft.Name!, id, string.Join("; ", errors.Select(e => $"{e.Key} {e.Value[0]}")));
        }
        return rules;
    }

    public async Task<IReadOnlyList<AlertSilence>> LoadSilencesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT rule_id, group_key, until FROM alert_silences WHERE until > @now");
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var silences = new List<AlertSilence>();
        while (await reader.ReadAsync(cancellationToken))
        {
            silences.Add(new AlertSilence(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }
        return silences;
    }

    public async Task<IReadOnlyList<OpenIncident>> LoadOpenIncidentsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, rule_id, group_key, started_at, last_notified_at FROM alerts WHERE state = 'firing'");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var incidents = new List<OpenIncident>();
        while (await reader.ReadAsync(cancellationToken))
        {
            incidents.Add(new OpenIncident(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return incidents;
    }

    /// <summary>
    /// Writes the incident's new state (idempotent: written again after a failure, it changes nothing more). False when
    /// another instance already holds a firing incident for the rule and group (a lease handover): that one stands.
    /// </summary>
    public async Task<bool> SaveAsync(AlertTransition transition, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO alerts (id, rule_id, rule_name, group_key, state, severity, message, value, threshold, started_at, last_notified_at, notifications, resolved_at)
            VALUES (@id, @rule_id, @rule_name, @group_key, @state, @severity, @message, @value, @threshold, @started_at, @notified_at, @notifications, @resolved_at)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, message = excluded.message, value = excluded.value,
                resolved_at = excluded.resolved_at, last_notified_at = COALESCE(excluded.last_notified_at, alerts.last_notified_at),
                notifications = alerts.notifications + excluded.notifications
            WHERE alerts.state <> 'resolved'
            """);
        var state = transition.State == AlertStates.Resolved ? AlertStates.Resolved : AlertStates.Firing;
        command.Parameters.AddWithValue("id", transition.IncidentId);
        command.Parameters.AddWithValue("rule_id", transition.Rule.Id);
        command.Parameters.AddWithValue("rule_name", transition.Rule.Name);
        command.Parameters.AddWithValue("group_key", transition.Group);
        command.Parameters.AddWithValue("state", state);
        command.Parameters.AddWithValue("severity", transition.Rule.Severity);
        command.Parameters.AddWithValue("message", transition.Message);
        command.Parameters.AddWithValue("value", transition.Value);
        command.Parameters.AddWithValue("threshold", transition.Rule.Threshold);
        command.Parameters.AddWithValue("started_at", transition.StartedAt);
        command.Parameters.AddWithValue("notified_at", transition.Notify ? transition.At : DBNull.Value);
        command.Parameters.AddWithValue("notifications", transition.Notify ? 1 : 0);
        command.Parameters.AddWithValue("resolved_at", transition.ResolvedAt is { } resolved ? resolved : DBNull.Value);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            LogAlreadyFiring(transition.Rule.Name, transition.Group);
            return false;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Alert rule '{Name}' ({Id}) in alert_rules is invalid and is not evaluated: {Errors}")]
    private partial void LogInvalidRule(string name, Guid id, string errors);

    [LoggerMessage(LogLevel.Information, "Alert rule '{Name}' (group '{Group}') already has a firing incident from another instance; keeping that one")]
    private partial void LogAlreadyFiring(string name, string group);
}
