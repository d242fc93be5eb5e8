using System.Text.Json;
using LogPlatform.Alerting.Evaluation;
using LogPlatform.Contracts;
using LogPlatform.Notifications.Outbox;
using StackExchange.Redis;

namespace Analysis.Service.Alerting;

/// <summary>
/// Carries each incident change out, in order: the incident row first (so what was notified is always on record), then one
/// notification per channel into the outbox (delivered at least once from there), then the notice on <c>alerts:live</c>.
/// A step that fails is tried again at the next evaluation from where it stopped; the analysis goes on meanwhile.
/// </summary>
public sealed partial class AlertDispatcher(
    AlertRuleStore store, INotificationOutbox outbox, IConnectionMultiplexer redis, AlertingTelemetry telemetry, ILogger<AlertDispatcher> logger)
{
    private readonly Queue<Dispatch> _pending = new();

    /// <summary>Changes not carried out yet (waiting for PostgreSQL or Redis).</summary>
    public int Pending => _pending.Count;

    public async Task DispatchAsync(IReadOnlyList<AlertTransition> transitions, CancellationToken cancellationToken)
    {
        foreach (var transition in transitions) _pending.Enqueue(new Dispatch(transition));
        while (_pending.TryPeek(out var dispatch))
        {
            try
            {
                await CarryOutAsync(dispatch, cancellationToken);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or RedisException or TimeoutException)
            {
                LogDeferred(_pending.Count, ex.GetType().Name, ex.Message);
                return;
            }
            _pending.Dequeue();
        }
    }

    private async Task CarryOutAsync(Dispatch dispatch, CancellationToken cancellationToken)
    {
        var transition = dispatch.Transition;
        if (!dispatch.Saved)
        {
            if (!await store.SaveAsync(transition, cancellationToken))
            {
                dispatch.Published = true; // another instance's incident: nothing of this one goes out
                dispatch.ChannelsDone = int.MaxValue;
            }
            dispatch.Saved = true;
        }
        var notice = transition.ToNotice();
        if (transition.Notify)
        {
            var channels = transition.Rule.ChannelIds;
            for (; dispatch.ChannelsDone < channels.Count; dispatch.ChannelsDone++)
            {
                await outbox.EnqueueAsync(channels[dispatch.ChannelsDone], notice, cancellationToken);
                telemetry.NotificationQueued();
            }
        }
        if (!dispatch.Published)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(notice, ContractsJsonContext.Default.AlertNotice);
            await redis.GetDatabase().PublishAsync(RedisChannel.Literal(RedisNames.LiveAlertsChannel), json);
            dispatch.Published = true;
            telemetry.Transition(transition.State);
            LogTransition(transition.Rule.Name, transition.Group, transition.State, transition.Message, transition.Notify);
        }
    }

    private sealed class Dispatch(AlertTransition transition)
    {
        public AlertTransition Transition { get; } = transition;
        public bool Saved { get; set; }
        public int ChannelsDone { get; set; }
        public bool Published { get; set; }
    }

    [LoggerMessage(LogLevel.Warning, "{Pending} alert changes wait for storage or Redis ({ErrorType}: {Error}); trying again at the next evaluation")]
    private partial void LogDeferred(int pending, string errorType, string error);

    [LoggerMessage(LogLevel.Information, "Alert '{Rule}' [{Group}] {State}: {Message} (notify: {Notify})")]
    private partial void LogTransition(string rule, string group, string state, string message, bool notify);
}
