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

    /// <summary>
    /// The stream's length: workers delete what they have stored (XACK + XDEL after the commit), so every entry still on
    /// the stream is one not yet stored, whether undelivered, pending or left by a crashed consumer. Redis's own group
    /// <c>lag</c> is derived from counters that stop matching the stream after claims, deletes and restarts, and once
    /// drifted it kept ingest refusing forever with nothing waiting; XLEN cannot drift.
    /// </summary>
    private static Task<long> ReadBacklogAsync(IDatabase database) => database.StreamLengthAsync(RedisNames.IngestStream);
}
