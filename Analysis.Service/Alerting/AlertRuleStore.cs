using Analysis.Service.Pipeline;
using LogPlatform.Alerting.Evaluation;
using LogPlatform.Alerting.Rules;
using LogPlatform.Storage.Alerting;
using LogPlatform.Contracts;
using Npgsql;

namespace Analysis.Service.Alerting;

/// <summary>The evaluator's side of the alerting tables: enabled rules and active silences (through the API's queries), firing incidents, and incidents written back.</summary>
public sealed partial class AlertRuleStore(NpgsqlDataSource dataSource, AlertRuleQueries rules, SilenceQueries silences, ILogger<AlertRuleStore> logger)
{
    private const string UniqueViolation = "23505";

    /// <summary>The enabled rules, read as the rules API reads them.</summary>
    /// <exception cref="InvalidOperationException">A stored rule no longer validates.</exception>
    public async Task<IReadOnlyList<AlertRule>> LoadRulesAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => [.. (await rules.ListAsync(now, cancellationToken)).Where(r => r.Rule.Enabled).Select(r => r.Rule)];

    public async Task<IReadOnlyList<AlertSilence>> LoadSilencesAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => [.. (await silences.ListAsync(all: false, now, cancellationToken)).Select(s => new AlertSilence(s.RuleId, s.Group, s.Until))];

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

    [LoggerMessage(LogLevel.Information, "Alert rule '{Name}' (group '{Group}') already has a firing incident from another instance; keeping that one")]
    private partial void LogAlreadyFiring(string name, string group);
}
