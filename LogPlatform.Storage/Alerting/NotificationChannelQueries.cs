using Npgsql;

namespace LogPlatform.Storage.Alerting;

/// <summary>
/// <c>notification_channels</c> for the channels API. The secret column is written here but never read: the sender reads it
/// (<c>PostgresChannelDirectory</c>), the API only says whether it is set.
/// </summary>
public sealed class NotificationChannelQueries(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, name, kind, settings::text, secret IS NOT NULL, system_alerts, enabled, created_at, updated_at";

    public async Task<IReadOnlyList<NotificationChannelRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM notification_channels ORDER BY name");
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<NotificationChannelRow?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM notification_channels WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return (await ReadAllAsync(command, cancellationToken)).FirstOrDefault();
    }

    /// <exception cref="NameTakenException">Another channel has the name.</exception>
    public async Task<NotificationChannelRow> InsertAsync(Guid id, NotificationChannelWrite channel, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO notification_channels (id, name, kind, settings, secret, system_alerts, enabled, created_at, updated_at)
            VALUES (@id, @name, @kind, @settings::jsonb, @secret, @system_alerts, @enabled, @now, @now)
            RETURNING {Columns}
            """);
        command.Parameters.AddWithValue("id", id);
        AddValues(command, channel, now);
        return (await WriteAsync(command, channel.Name, cancellationToken))!;
    }

    /// <returns>Null when no channel has the id.</returns>
    /// <exception cref="NameTakenException">Another channel has the name.</exception>
    public async Task<NotificationChannelRow?> UpdateAsync(Guid id, NotificationChannelWrite channel, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE notification_channels
            SET name = @name, kind = @kind, settings = @settings::jsonb, {(channel.KeepSecret ? "" : "secret = @secret, ")}
                system_alerts = @system_alerts, enabled = @enabled, updated_at = @now
            WHERE id = @id
            RETURNING {Columns}
            """);
        command.Parameters.AddWithValue("id", id);
        AddValues(command, channel, now);
        return await WriteAsync(command, channel.Name, cancellationToken);
    }

    /// <summary>Deletes a channel no rule names (a rule would lose its notifications without saying so).</summary>
    public async Task<ChannelDeletion> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The row lock makes a rule written meanwhile that names this channel (it locks the channels it names FOR SHARE) wait,
        // then see the channel gone; and a rule written before is seen here.
        await using (var locking = new NpgsqlCommand("SELECT 1 FROM notification_channels WHERE id = @id FOR UPDATE", connection, transaction))
        {
            locking.Parameters.AddWithValue("id", id);
            if (await locking.ExecuteScalarAsync(cancellationToken) is null) return ChannelDeletion.NotFound;
        }
        var users = new List<string>();
        await using (var named = new NpgsqlCommand("SELECT name FROM alert_rules WHERE @id = ANY(channel_ids) ORDER BY name", connection, transaction))
        {
            named.Parameters.AddWithValue("id", id);
            await using var reader = await named.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) users.Add(reader.GetString(0));
        }
        if (users.Count > 0) return new ChannelDeletion(false, users);
        await using (var delete = new NpgsqlCommand("DELETE FROM notification_channels WHERE id = @id", connection, transaction))
        {
            delete.Parameters.AddWithValue("id", id);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new ChannelDeletion(true, []);
    }

    private static void AddValues(NpgsqlCommand command, NotificationChannelWrite channel, DateTimeOffset now)
    {
        command.Parameters.AddWithValue("name", channel.Name);
        command.Parameters.AddWithValue("kind", channel.Kind);
        command.Parameters.AddWithValue("settings", channel.Settings);
        if (!channel.KeepSecret) command.Parameters.AddWithValue("secret", (object?)channel.Secret ?? DBNull.Value);
        command.Parameters.AddWithValue("system_alerts", (object?)channel.SystemAlerts ?? DBNull.Value);
        command.Parameters.AddWithValue("enabled", channel.Enabled);
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
    }

    private static async Task<NotificationChannelRow?> WriteAsync(NpgsqlCommand command, string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await ReadAllAsync(command, cancellationToken)).FirstOrDefault();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new NameTakenException(name, e);
        }
    }

    private static async Task<List<NotificationChannelRow>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<NotificationChannelRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new NotificationChannelRow(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetBoolean(6),
                reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8)));
        }
        return rows;
    }
}
