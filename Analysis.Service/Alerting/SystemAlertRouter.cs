using System.Text.Json;
using System.Threading.Channels;
using Analysis.Service.Pipeline;
using LogPlatform.Contracts;
using LogPlatform.Notifications.Outbox;
using Npgsql;
using StackExchange.Redis;

namespace Analysis.Service.Alerting;

/// <summary>
/// Routes the platform's own alerts (backlog, store errors, analysis lagging, notifications failing: every
/// <see cref="SystemAlert"/> on <c>alerts:live</c>) to the channels whose <c>system_alerts</c> names their code (or is
/// <c>*</c>). Only the active analysis instance routes, so each alert is queued once; the same code goes to a channel at
/// most once a minute, so a failing channel's own "notifications failing" cannot feed on itself.
/// </summary>
public sealed partial class SystemAlertRouter(
    IConnectionMultiplexer redis, NpgsqlDataSource dataSource, INotificationOutbox outbox, AnalysisWorker analysis, TimeProvider time,
    ILogger<SystemAlertRouter> logger) : BackgroundService
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ChannelsReload = TimeSpan.FromSeconds(15);

    private readonly Channel<SystemAlert> _alerts = Channel.CreateBounded<SystemAlert>(
        new BoundedChannelOptions(1_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Dictionary<(Guid Channel, string Code, string Severity), DateTimeOffset> _lastRouted = [];
    private IReadOnlyList<(Guid Id, string[] Codes)> _channels = [];
    private DateTimeOffset _channelsLoaded = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Rule notices go out through their rules' channels; only the platform's own alerts are routed here.
        await AlertRuleChanges.SubscribeAsync(redis, RedisNames.LiveAlertsChannel, (_, message) =>
        {
            if (analysis.IsLeader && ReadSystemAlert(message) is { } alert) _alerts.Writer.TryWrite(alert);
        }, logger, stoppingToken);
        try
        {
            await foreach (var alert in _alerts.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await RouteAsync(alert, stoppingToken);
                }
                catch (Exception ex) when (ex is NpgsqlException or RedisException or TimeoutException)
                {
                    LogRouteFailed(alert.Code, ex.Message);
                }
            }
        }
        finally
        {
            try
            {
                await redis.GetSubscriber().UnsubscribeAsync(RedisChannel.Literal(RedisNames.LiveAlertsChannel));
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Stopping anyway.
            }
        }
    }

    /// <summary>The message as a system alert; null for a rule's notice (kind "rule", no code) or anything unreadable.</summary>
    private static SystemAlert? ReadSystemAlert(RedisValue message)
    {
        try
        {
            return JsonSerializer.Deserialize((byte[])message!, ContractsJsonContext.Default.SystemAlert) is { Kind: "system" } alert ? alert : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task RouteAsync(SystemAlert alert, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _channelsLoaded > ChannelsReload)
        {
            _channels = await LoadChannelsAsync(cancellationToken);
            _channelsLoaded = now;
        }
        foreach (var (id, codes) in _channels)
        {
            if (!codes.Contains("*") && !codes.Contains(alert.Code)) continue;
            var key = (id, alert.Code, alert.Severity);
            if (_lastRouted.TryGetValue(key, out var last) && now - last < MinInterval) continue;
            _lastRouted[key] = now;
            await outbox.EnqueueAsync(id, Notice(alert), cancellationToken);
            LogRouted(alert.Code, id);
        }
    }

    public static AlertNotice Notice(SystemAlert alert) => new()
    {
        AlertId = Guid.CreateVersion7(alert.Timestamp).ToString(),
        RuleId = "",
        RuleName = "LogPlatform: " + alert.Code,
        State = AlertStates.System,
        Severity = alert.Severity is "critical" or "warning" ? alert.Severity : "info",
        Message = alert.Message,
        Value = alert.Value,
        StartedAt = alert.Timestamp,
        Timestamp = alert.Timestamp,
    };

    private async Task<IReadOnlyList<(Guid, string[])>> LoadChannelsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, system_alerts FROM notification_channels WHERE enabled AND system_alerts IS NOT NULL AND system_alerts <> ''");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var channels = new List<(Guid, string[])>();
        while (await reader.ReadAsync(cancellationToken))
        {
            channels.Add((reader.GetGuid(0), reader.GetString(1).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        }
        return channels;
    }

    [LoggerMessage(LogLevel.Information, "System alert {Code} routed to channel {Channel}")]
    private partial void LogRouted(string code, Guid channel);

    [LoggerMessage(LogLevel.Warning, "System alert {Code} could not be routed to its channels: {Error}")]
    private partial void LogRouteFailed(string code, string error);
}
