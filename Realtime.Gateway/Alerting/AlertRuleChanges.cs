using LogPlatform.Contracts;
using StackExchange.Redis;

namespace Realtime.Gateway.Alerting;

/// <summary>
/// Tells the evaluators that a rule, its silences or a channel changed (the id on <see cref="RedisNames.AlertRulesChangedChannel"/>),
/// so they reload now instead of at their next periodic reload. Sent after the change is committed.
/// </summary>
public sealed class AlertRuleChanges(IConnectionMultiplexer redis)
{
    public Task PublishAsync(Guid id)
        => redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisNames.AlertRulesChangedChannel), id.ToString());
}
