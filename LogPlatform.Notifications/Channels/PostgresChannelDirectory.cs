using System.Text.Json;
using LogPlatform.Notifications.Sending;
using Npgsql;

namespace LogPlatform.Notifications.Channels;

/// <summary>
/// Channels from <c>notification_channels</c>. A webhook's URL is a setting and its signing key the secret; a Slack or Discord
/// webhook URL carries its own credential, so it is kept as the secret.
/// </summary>
public sealed class PostgresChannelDirectory(NpgsqlDataSource dataSource) : INotificationChannelDirectory
{
    public async Task<NotificationChannel?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT name, kind, settings ->> 'url', secret, enabled, settings::text FROM notification_channels WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var kind = reader.GetString(1);
        var secret = reader.IsDBNull(3) ? null : reader.GetString(3);
        if (kind == ChannelKinds.Email)
        {
            var email = JsonSerializer.Deserialize(reader.GetString(5), NotificationsJsonContext.Default.EmailSettings)
                ?? throw new InvalidOperationException($"Channel '{reader.GetString(0)}' ({id}) has no email settings.");
            return new NotificationChannel(id, reader.GetString(0), kind, null, secret, reader.GetBoolean(4), email);
        }
        var url = kind == ChannelKinds.Webhook ? (reader.IsDBNull(2) ? null : reader.GetString(2)) : secret;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException($"Channel '{reader.GetString(0)}' ({id}) has no valid URL.");
        }
        return new NotificationChannel(id, reader.GetString(0), kind, uri, kind == ChannelKinds.Webhook ? secret : null, reader.GetBoolean(4));
    }
}
