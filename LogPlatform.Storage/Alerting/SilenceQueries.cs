using Npgsql;

namespace LogPlatform.Storage.Alerting;

/// <summary><c>alert_silences</c> for the silences API.</summary>
public sealed class SilenceQueries(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, rule_id, group_key, until, reason, created_by, created_at";

    /// <summary>The silences still in force at <paramref name="now"/> (every one when <paramref name="all"/>), newest first.</summary>
    public async Task<IReadOnlyList<SilenceRow>> ListAsync(bool all, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM alert_silences {(all ? "" : "WHERE until > @now ")}ORDER BY created_at DESC, id");
        if (!all) command.Parameters.AddWithValue("now", now.ToUniversalTime());
        var silences = new List<SilenceRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) silences.Add(Read(reader));
        return silences;
    }

    /// <returns>False when no rule has the silence's rule id (checked in the same statement, so a rule deleted meanwhile leaves no orphan).</returns>
    public async Task<bool> InsertAsync(SilenceRow silence, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO alert_silences (id, rule_id, group_key, until, reason, created_by, created_at)
            SELECT @id, r.id, @group_key, @until, @reason, @created_by, @created_at FROM alert_rules r WHERE r.id = @rule_id FOR SHARE
            """);
        command.Parameters.AddWithValue("id", silence.Id);
        command.Parameters.AddWithValue("rule_id", silence.RuleId);
        command.Parameters.AddWithValue("group_key", (object?)silence.Group ?? DBNull.Value);
        command.Parameters.AddWithValue("until", silence.Until.ToUniversalTime());
        command.Parameters.AddWithValue("reason", silence.Reason);
        command.Parameters.AddWithValue("created_by", silence.CreatedBy);
        command.Parameters.AddWithValue("created_at", silence.CreatedAt.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <returns>The deleted silence's rule id; null when none has the id.</returns>
    public async Task<Guid?> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM alert_silences WHERE id = @id RETURNING rule_id");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is Guid ruleId ? ruleId : null;
    }

    private static SilenceRow Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
        reader.GetString(4), reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6));
}
