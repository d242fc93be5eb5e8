using LogPlatform.Contracts;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ingest.Api.BackPressure;

/// <summary>
/// Samples the stream backlog every <see cref="IngestOptions.BacklogSampleInterval"/> (not per request), so the
/// admission check is a field read.
/// </summary>
public sealed class BacklogSampler(
    IConnectionMultiplexer redis, BacklogState state, IOptions<IngestOptions> options, TimeProvider time, ILogger<BacklogSampler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var timer = new PeriodicTimer(options.Value.BacklogSampleInterval, time);
        do
        {
            await SampleAsync().ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public async Task SampleAsync()
    {
        if (!redis.IsConnected)
        {
            state.RecordUnavailable(time.GetUtcNow());
            return;
        }
        try
        {
            state.Record(await ReadBacklogAsync(redis.GetDatabase()).ConfigureAwait(false), time.GetUtcNow());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            if (state.QueueAvailable) logger.LogWarning(ex, "Cannot read the stream backlog; answering 503 until Redis is back");
            state.RecordUnavailable(time.GetUtcNow());
        }
    }

    private static async Task<long> ReadBacklogAsync(IDatabase database)
    {
        if (!await database.KeyExistsAsync(RedisNames.IngestStream).ConfigureAwait(false)) return 0;

        var groups = await database.StreamGroupInfoAsync(RedisNames.IngestStream).ConfigureAwait(false);
        foreach (var group in groups)
        {
            if (group.Name != RedisNames.WritersGroup) continue;
            // Lag is unknown (null) after some trims/deletes: XLEN is then an upper bound for the undelivered part.
            var lag = group.Lag ?? await database.StreamLengthAsync(RedisNames.IngestStream).ConfigureAwait(false);
            return lag + group.PendingMessageCount;
        }
        // No worker has created the group yet: everything on the stream is waiting.
        return await database.StreamLengthAsync(RedisNames.IngestStream).ConfigureAwait(false);
    }
}
