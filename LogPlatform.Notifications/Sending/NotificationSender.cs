using System.Diagnostics.Metrics;
using System.Text.Json;
using LogPlatform.Contracts;
using LogPlatform.Notifications.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LogPlatform.Notifications.Sending;

/// <summary>
/// Delivers the outbox, at least once. A delivery is moved (LMOVE) from its channel's outbox to this sender's in-flight list
/// before it is sent and removed only after the receiver took it, so a sender that dies mid-request leaves it where another
/// sender (or this one, restarted) finds it and sends it again. Failures wait in the retry schedule; after
/// <see cref="NotificationOptions.MaxAttempts"/> a delivery goes dead, raising a system alert. Every replica runs one:
/// each channel is drained by one task per sender, so one slow or failing channel never holds up another.
/// </summary>
public sealed partial class NotificationSender(
    IConnectionMultiplexer redis,
    INotificationChannelDirectory channels,
    ChannelPoster poster,
    EmailSender email,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    IMeterFactory meters,
    ILogger<NotificationSender> logger) : BackgroundService
{
    public const string FailingAlertCode = "notifications_failing";
    private const int DeadListLength = 1000;

    private readonly NotificationOptions _options = options.Value;
    private readonly Dictionary<string, Task> _drains = [];
    private readonly Meter _meter = meters.Create(TelemetryNames.Notifications);
    private Counter<long>? _delivered, _retried, _dead;
    private int _failing;

    /// <summary>This sender's name: its in-flight list and heartbeat.</summary>
    public string InstanceId { get; } = options.Value.InstanceId
        ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    private IDatabase Db => redis.GetDatabase();
    private RedisKey InFlight => RedisNames.Notifications.InFlightPrefix + InstanceId;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _delivered = _meter.CreateCounter<long>("logplatform.notifications.delivered", description: "Notifications the receiver accepted.");
        _retried = _meter.CreateCounter<long>("logplatform.notifications.retried", description: "Attempts that failed and were scheduled again.");
        _dead = _meter.CreateCounter<long>("logplatform.notifications.dead", description: "Notifications that failed every attempt.");
        using var timer = new PeriodicTimer(_options.PollInterval, time);
        try
        {
            var started = false;
            do
            {
                try
                {
                    if (!started)
                    {
                        // A restart under the same name: what this sender had in flight goes back first (an old heartbeat makes it "dead").
                        await Db.SortedSetAddAsync(RedisNames.Notifications.SenderHeartbeats, InstanceId, 0);
                        started = true;
                    }
                    await PollAsync(stoppingToken);
                }
                catch (Exception e) when (e is RedisException or TimeoutException)
                {
                    LogRedisUnavailable(e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Cancelled drains leave their delivery in flight: the next sender sends it.
            try { await Task.WhenAll(_drains.Values); } catch (OperationCanceledException) { }
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var requeued = (int)await OutboxScripts.RequeueDeadSenders.EvaluateAsync(Db, new
        {
            senders = (RedisKey)RedisNames.Notifications.SenderHeartbeats,
            active = (RedisKey)RedisNames.Notifications.ActiveChannels,
            cutoff = now - (long)_options.SenderExpiry.TotalMilliseconds,
            inflight = RedisNames.Notifications.InFlightPrefix,
            outbox = RedisNames.Notifications.OutboxPrefix,
        });
        if (requeued > 0) LogRequeued(requeued);
        await Db.SortedSetAddAsync(RedisNames.Notifications.SenderHeartbeats, InstanceId, now);
        await OutboxScripts.MoveDueRetries.EvaluateAsync(Db, new
        {
            retry = (RedisKey)RedisNames.Notifications.RetrySchedule,
            active = (RedisKey)RedisNames.Notifications.ActiveChannels,
            now,
            outbox = RedisNames.Notifications.OutboxPrefix,
        });

        foreach (var member in await Db.SetMembersAsync(RedisNames.Notifications.ActiveChannels))
        {
            var channel = member.ToString();
            if (_drains.TryGetValue(channel, out var running) && !running.IsCompleted) continue;
            _drains[channel] = DrainAsync(channel, cancellationToken);
        }
        foreach (var done in _drains.Where(d => d.Value.IsCompleted).Select(d => d.Key).ToList()) _drains.Remove(done);
    }

    /// <summary>Sends a channel's deliveries one after another, oldest first, until its outbox is empty.</summary>
    private async Task DrainAsync(string channelId, CancellationToken cancellationToken)
    {
        await Task.Yield();
        RedisKey outbox = RedisNames.Notifications.OutboxPrefix + channelId;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var item = await Db.ListMoveAsync(outbox, InFlight, ListSide.Right, ListSide.Left);
                if (item.IsNull)
                {
                    await OutboxScripts.ForgetIfEmpty.EvaluateAsync(Db, new
                    {
                        outbox, active = (RedisKey)RedisNames.Notifications.ActiveChannels, channel = channelId,
                    });
                    return;
                }
                await SendAsync(item, cancellationToken);
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogRedisUnavailable(e.Message);
        }
    }

    private async Task SendAsync(RedisValue item, CancellationToken cancellationToken)
    {
        NotificationDelivery delivery;
        try
        {
            delivery = JsonSerializer.Deserialize((byte[])item!, ContractsJsonContext.Default.NotificationDelivery)
                ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            await BuryRawAsync(item, $"not a notification: {e.Message}");
            return;
        }

        DeliveryOutcome outcome;
        try
        {
            var channel = Guid.TryParse(delivery.ChannelId, out var id) ? await channels.FindAsync(id, cancellationToken) : null;
            outcome = channel switch
            {
                null => DeliveryOutcome.Fail($"channel {delivery.ChannelId} no longer exists"),
                { Enabled: false } => DeliveryOutcome.Fail($"channel '{channel.Name}' is disabled"),
                { Email: { } settings } => await email.SendAsync(channel, settings, delivery, _options.RequestTimeout, cancellationToken),
                _ => await poster.PostAsync(channel, delivery, _options.RequestTimeout, cancellationToken),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The channel could not be read (PostgreSQL down, a bad URL stored): worth another try later.
            outcome = DeliveryOutcome.Retry(e.Message);
        }

        if (outcome.Delivered)
        {
            var batch = Db.CreateTransaction();
            _ = batch.ListRemoveAsync(InFlight, item, 1);
            _ = batch.StringIncrementAsync(RedisNames.Counters.NotificationsDelivered);
            await batch.ExecuteAsync();
            _delivered!.Add(1);
            if (Interlocked.Exchange(ref _failing, 0) == 1) await PublishFailingAsync(resolved: true, 0);
            return;
        }

        var attempts = delivery.Attempts + 1;
        var next = JsonSerializer.SerializeToUtf8Bytes(delivery with { Attempts = attempts, LastError = outcome.Error },
            ContractsJsonContext.Default.NotificationDelivery);
        if (outcome.Permanent || attempts >= _options.MaxAttempts)
        {
            await BuryAsync(item, next);
            LogDead(delivery.DeliveryId, delivery.ChannelId, attempts, outcome.Error);
            return;
        }
        var delay = RetryDelay.For(attempts, _options.BaseDelay, _options.MaxDelay, outcome.RetryAfter, Random.Shared.NextDouble());
        var retry = Db.CreateTransaction();
        _ = retry.ListRemoveAsync(InFlight, item, 1);
        _ = retry.SortedSetAddAsync(RedisNames.Notifications.RetrySchedule, next, (time.GetUtcNow() + delay).ToUnixTimeMilliseconds());
        await retry.ExecuteAsync();
        _retried!.Add(1);
        LogRetry(delivery.DeliveryId, attempts, delay.TotalSeconds, outcome.Error);
    }

    private async Task BuryAsync(RedisValue inFlight, byte[] dead)
    {
        var batch = Db.CreateTransaction();
        _ = batch.ListRemoveAsync(InFlight, inFlight, 1);
        _ = batch.ListLeftPushAsync(RedisNames.Notifications.Dead, dead);
        _ = batch.ListTrimAsync(RedisNames.Notifications.Dead, 0, DeadListLength - 1);
        _ = batch.StringIncrementAsync(RedisNames.Counters.NotificationsDead);
        await batch.ExecuteAsync();
        _dead!.Add(1);
        Interlocked.Exchange(ref _failing, 1);
        await PublishFailingAsync(resolved: false, await Db.ListLengthAsync(RedisNames.Notifications.Dead));
    }

    private Task BuryRawAsync(RedisValue item, string reason) => BuryAsync(item, JsonSerializer.SerializeToUtf8Bytes(
        new Dictionary<string, string> { ["raw"] = item.ToString(), ["last_error"] = reason }, NotificationsJsonContext.Default.DictionaryStringString));

    private async Task PublishFailingAsync(bool resolved, long dead)
    {
        var alert = new SystemAlert
        {
            Code = FailingAlertCode,
            Severity = resolved ? "resolved" : "warning",
            Message = resolved
                ? "Notifications are being delivered again."
                : $"A notification failed every attempt and was set aside ({dead:N0} on {RedisNames.Notifications.Dead}): check the channel's URL and the receiver.",
            Value = dead,
            Timestamp = time.GetUtcNow(),
        };
        await Db.PublishAsync(RedisChannel.Literal(RedisNames.LiveAlertsChannel),
            JsonSerializer.SerializeToUtf8Bytes(alert, ContractsJsonContext.Default.SystemAlert));
    }

    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {DeliveryId} attempt {Attempts} failed ({Error}); next in {DelaySeconds:0.#} s")]
    private partial void LogRetry(string deliveryId, int attempts, double delaySeconds, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notification {DeliveryId} to channel {ChannelId} is dead after {Attempts} attempts: {Error}")]
    private partial void LogDead(string deliveryId, string channelId, int attempts, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-queued {Count} notifications left in flight by a sender that stopped")]
    private partial void LogRequeued(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unavailable for notifications, retrying: {Error}")]
    private partial void LogRedisUnavailable(string error);
}
