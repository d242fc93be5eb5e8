using System.Threading.Channels;
using LogPlatform.Contracts;
using StackExchange.Redis;

namespace Realtime.Gateway.Tests.Alerting;

/// <summary>Listens on <c>alert-rules:changed</c>, as an evaluator does, and hands out what it hears.</summary>
internal sealed class RuleChangeListener : IAsyncDisposable
{
    private readonly ISubscriber _subscriber;
    private readonly ChannelMessageQueue _queue;

    private RuleChangeListener(ISubscriber subscriber, ChannelMessageQueue queue)
    {
        _subscriber = subscriber;
        _queue = queue;
    }

    public static async Task<RuleChangeListener> StartAsync(IConnectionMultiplexer redis)
    {
        var subscriber = redis.GetSubscriber();
        return new RuleChangeListener(subscriber, await subscriber.SubscribeAsync(RedisChannel.Literal(RedisNames.AlertRulesChangedChannel)));
    }

    /// <summary>Waits until <paramref name="id"/> is announced (others, from other tests, are skipped).</summary>
    public async Task ExpectAsync(Guid id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var message = await _queue.ReadAsync(timeout.Token);
            if (message.Message == id.ToString()) return;
        }
    }

    public async ValueTask DisposeAsync() => await _queue.UnsubscribeAsync();
}
