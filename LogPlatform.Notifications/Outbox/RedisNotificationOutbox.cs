using System.Text.Json;
using LogPlatform.Contracts;
using StackExchange.Redis;

namespace LogPlatform.Notifications.Outbox;

/// <summary>
/// The outbox in Redis: a list per channel (<see cref="RedisNames.Notifications.OutboxPrefix"/>) and the set of channels with
/// work, written in one transaction so a delivery is never queued where no sender looks.
/// </summary>
public sealed class RedisNotificationOutbox(IConnectionMultiplexer redis, TimeProvider time) : INotificationOutbox
{
    public async Task<string> EnqueueAsync(Guid channelId, AlertNotice notice, CancellationToken cancellationToken)
    {
        var delivery = new NotificationDelivery
        {
            DeliveryId = Guid.NewGuid().ToString("N"),
            ChannelId = channelId.ToString(),
            Notice = notice,
            CreatedAt = time.GetUtcNow(),
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(delivery, ContractsJsonContext.Default.NotificationDelivery);
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.ListLeftPushAsync(RedisNames.Notifications.OutboxPrefix + delivery.ChannelId, json);
        _ = transaction.SetAddAsync(RedisNames.Notifications.ActiveChannels, delivery.ChannelId);
        if (!await transaction.ExecuteAsync().WaitAsync(cancellationToken))
        {
            throw new InvalidOperationException("Redis did not apply the outbox transaction.");
        }
        return delivery.DeliveryId;
    }
}
