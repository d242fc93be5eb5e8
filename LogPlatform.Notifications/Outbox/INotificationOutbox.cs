using LogPlatform.Contracts;

namespace LogPlatform.Notifications.Outbox;

/// <summary>Where alerts hand their notifications over: once enqueued, a notification is delivered at least once.</summary>
public interface INotificationOutbox
{
    /// <returns>The delivery id (sent as <c>Idempotency-Key</c>).</returns>
    Task<string> EnqueueAsync(Guid channelId, AlertNotice notice, CancellationToken cancellationToken);
}
