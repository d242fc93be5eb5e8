using System.Threading.Channels;
using LogPlatform.Contracts;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Worker.Service.Consuming;

/// <summary>
/// One consumer of the <c>writers</c> group: reads new entries into batches (closed on size or a short linger), claims
/// entries a crashed consumer left pending, and hands batches to a few concurrent writers through a bounded channel, so
/// reading pauses (and the stream holds the backlog) while PostgreSQL is slow.
/// </summary>
public sealed class StreamConsumer(
    IConnectionMultiplexer redis, BatchProcessor processor, DeadLetters deadLetters, ConsumerLiveness liveness, IOptions<WorkerOptions> options,
    TimeProvider time, IHostApplicationLifetime lifetime, ILogger<StreamConsumer> logger) : BackgroundService
{
    private readonly WorkerOptions _settings = options.Value;

    /// <summary>Unique per process, so a restarted worker is a new consumer and its predecessor's pending entries are claimed.</summary>
    public string ConsumerName { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await EnsureGroupAsync(stoppingToken);
        logger.LogInformation("Consuming {Stream} as {Consumer} in group {Group}", RedisNames.IngestStream, ConsumerName, RedisNames.WritersGroup);

        var batches = Channel.CreateBounded<StreamEntry[]>(new BoundedChannelOptions(_settings.WritesInFlight) { SingleWriter = true });
        // Writers finish what they hold on shutdown; they stop only when the host's shutdown timeout runs out.
        var writers = Enumerable.Range(0, _settings.WritesInFlight).Select(_ => WriteLoopAsync(batches.Reader, lifetime.ApplicationStopped)).ToArray();
        var heartbeat = HeartbeatLoopAsync(stoppingToken);
        try
        {
            await ReadLoopAsync(batches.Writer, stoppingToken);
        }
        finally
        {
            batches.Writer.TryComplete();
            await Task.WhenAll(writers);
            await heartbeat;
            await liveness.LeaveAsync(ConsumerName).ContinueWith(_ => { }, TaskScheduler.Default);
            logger.LogInformation("Consumer {Consumer} stopped; in-flight batches finished", ConsumerName);
        }
    }

    /// <summary>
    /// Beats every <see cref="WorkerOptions.HeartbeatInterval"/> on its own loop, so a worker waiting for PostgreSQL still
    /// counts as live, and removes the consumers of workers that are gone.
    /// </summary>
    private async Task HeartbeatLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_settings.HeartbeatInterval, time);
        try
        {
            do
            {
                try
                {
                    await liveness.BeatAsync(ConsumerName);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    logger.LogDebug("Heartbeat missed: {Error}", ex.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ReadLoopAsync(ChannelWriter<StreamEntry[]> batches, CancellationToken stoppingToken)
    {
        var idleDelay = TimeSpan.FromMilliseconds(1);
        var lastClaim = time.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (time.GetElapsedTime(lastClaim) >= _settings.ClaimIdleTime / 2)
                {
                    lastClaim = time.GetTimestamp();
                    var claimed = await ClaimAsync(stoppingToken);
                    if (claimed.Length > 0) await batches.WriteAsync(claimed, stoppingToken);
                }

                var entries = await ReadAsync(_settings.ReadCount);
                if (entries.Length == 0)
                {
                    // StackExchange.Redis multiplexes one connection, so no blocking XREADGROUP: poll, backing off to 20 ms.
                    await Task.Delay(idleDelay, time, stoppingToken);
                    idleDelay = TimeSpan.FromMilliseconds(Math.Min(20, idleDelay.TotalMilliseconds * 2));
                    continue;
                }
                idleDelay = TimeSpan.FromMilliseconds(1);
                await batches.WriteAsync(await FillBatchAsync(entries, stoppingToken), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                await EnsureGroupAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning("Redis unavailable, retrying: {Error}", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Reads on until the batch holds <see cref="WorkerOptions.MaxBatchLogs"/> or the linger is over.</summary>
    private async Task<StreamEntry[]> FillBatchAsync(StreamEntry[] first, CancellationToken cancellationToken)
    {
        var logs = first.Sum(CountOf);
        if (logs >= _settings.MaxBatchLogs || _settings.Linger <= TimeSpan.Zero) return first;
        var batch = new List<StreamEntry>(first);
        var started = time.GetTimestamp();
        while (logs < _settings.MaxBatchLogs && time.GetElapsedTime(started) < _settings.Linger)
        {
            var more = await ReadAsync(_settings.ReadCount);
            if (more.Length == 0)
            {
                await Task.Delay(1, cancellationToken);
                continue;
            }
            batch.AddRange(more);
            logs += more.Sum(CountOf);
        }
        return [.. batch];
    }

    private Task<StreamEntry[]> ReadAsync(int count)
        => redis.GetDatabase().StreamReadGroupAsync(RedisNames.IngestStream, RedisNames.WritersGroup, ConsumerName, ">", count);

    /// <summary>
    /// Takes over entries pending longer than the claim idle time (their consumer crashed, or storing them failed) and
    /// dead-letters those delivered too often.
    /// </summary>
    private async Task<StreamEntry[]> ClaimAsync(CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var result = await db.StreamAutoClaimAsync(RedisNames.IngestStream, RedisNames.WritersGroup, ConsumerName,
            (long)_settings.ClaimIdleTime.TotalMilliseconds, "0-0", _settings.ReadCount);
        var claimed = result.ClaimedEntries.Where(e => !e.IsNull).ToArray();
        if (claimed.Length == 0) return [];

        var pending = await db.StreamPendingMessagesAsync(RedisNames.IngestStream, RedisNames.WritersGroup, claimed.Length * 2,
            ConsumerName, claimed[0].Id, claimed[^1].Id);
        var deliveries = pending.ToDictionary(p => p.MessageId.ToString(), p => p.DeliveryCount);
        var retry = new List<StreamEntry>(claimed.Length);
        foreach (var entry in claimed)
        {
            if (deliveries.TryGetValue(entry.Id.ToString(), out var count) && count > _settings.MaxDeliveries)
            {
                await deadLetters.MoveAsync(entry, $"not stored after {count - 1} deliveries", cancellationToken);
            }
            else
            {
                retry.Add(entry);
            }
        }
        if (retry.Count > 0) logger.LogInformation("Claimed {Count} entries idle for over {Idle}", retry.Count, _settings.ClaimIdleTime);
        return [.. retry];
    }

    private async Task WriteLoopAsync(ChannelReader<StreamEntry[]> batches, CancellationToken hardStop)
    {
        await foreach (var batch in batches.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await processor.ProcessAsync(batch, hardStop);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Unacknowledged entries stay pending and are claimed again: logged, never lost.
                logger.LogError(ex, "A batch of {Count} entries failed; it stays pending", batch.Length);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task EnsureGroupAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                // From the start of the stream: entries written before the first worker ever ran are stored too.
                await redis.GetDatabase().StreamCreateConsumerGroupAsync(RedisNames.IngestStream, RedisNames.WritersGroup, "0-0", createStream: true);
                return;
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
            {
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning("Waiting for Redis: {Error}", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
        }
    }

    private static long CountOf(StreamEntry entry) => entry[StreamEntryFields.Count].TryParse(out long n) ? n : 1;
}
