using LogPlatform.Contracts;
using StackExchange.Redis;

namespace Analysis.Service.Alerting;

/// <summary>
/// Listens on <c>alert-rules:changed</c> (the gateway publishes there after every change to rules and silences), so the
/// evaluator reloads at its next evaluation rather than at the next periodic reload. Redis away at start delays the
/// subscription, never the service (the periodic reload covers the meantime).
/// </summary>
public sealed partial class AlertRuleChanges(IConnectionMultiplexer redis, ILogger<AlertRuleChanges> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private int _changed = 1;

    /// <summary>True once after each change (and at first).</summary>
    public bool TakeChanged() => Interlocked.Exchange(ref _changed, 0) == 1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SubscribeAsync(redis, RedisNames.AlertRulesChangedChannel, (_, _) => Volatile.Write(ref _changed, 1), logger, stoppingToken);
        // A change published while the subscription was not yet in place is picked up by this one reload.
        Volatile.Write(ref _changed, 1);
    }

    /// <summary>Subscribes, trying again every couple of seconds while Redis cannot be reached.</summary>
    public static async Task SubscribeAsync(IConnectionMultiplexer redis, string channel, Action<RedisChannel, RedisValue> handler, ILogger logger,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(channel), handler);
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogSubscribeFailed(logger, channel, ex.Message);
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await redis.GetSubscriber().UnsubscribeAsync(RedisChannel.Literal(RedisNames.AlertRulesChangedChannel));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Stopping anyway: the connection goes with the process.
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not subscribe to {Channel} ({Error}); trying again")]
    private static partial void LogSubscribeFailed(ILogger logger, string channel, string error);
}
