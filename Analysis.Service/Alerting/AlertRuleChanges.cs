using LogPlatform.Contracts;
using StackExchange.Redis;

namespace Analysis.Service.Alerting;

/// <summary>
/// Listens on <c>alert-rules:changed</c> (the gateway publishes there after every change to rules and silences), so the
/// evaluator reloads at its next evaluation rather than at the next periodic reload.
/// </summary>
public sealed class AlertRuleChanges(IConnectionMultiplexer redis) : IHostedService
{
    private int _changed = 1;

    /// <summary>True once after each change (and at first).</summary>
    public bool TakeChanged() => Interlocked.Exchange(ref _changed, 0) == 1;

    public async Task StartAsync(CancellationToken cancellationToken)
        => await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(RedisNames.AlertRulesChangedChannel), (_, _) => Volatile.Write(ref _changed, 1));

    public Task StopAsync(CancellationToken cancellationToken)
        => redis.GetSubscriber().UnsubscribeAsync(RedisChannel.Literal(RedisNames.AlertRulesChangedChannel));
}
