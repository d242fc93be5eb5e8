namespace LogPlatform.Notifications.Channels;

/// <summary>Looks a channel up by id when a delivery is sent, so an edited URL or key applies to what is still queued.</summary>
public interface INotificationChannelDirectory
{
    /// <returns>Null when the channel was deleted (its deliveries go dead, saying so).</returns>
    Task<NotificationChannel?> FindAsync(Guid id, CancellationToken cancellationToken);
}
