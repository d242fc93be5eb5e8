using LogPlatform.Storage.Schema;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Worker.Service.Maintenance;

/// <summary>Hourly: daily partitions created ahead, closed days given their trigram index, those past the retention period dropped.</summary>
public sealed class PartitionMaintenance(NpgsqlDataSource dataSource, IOptions<WorkerOptions> options, TimeProvider time, ILogger<PartitionMaintenance> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
                await LogPartitions.EnsureAheadAsync(dataSource, today, stoppingToken);
                var indexed = await LogPartitions.IndexClosedAsync(dataSource, today, stoppingToken);
                if (indexed.Count > 0) logger.LogInformation("Trigram index built for the closed days {Partitions}", string.Join(", ", indexed));
                var dropped = await LogPartitions.DropOlderThanAsync(dataSource, today, options.Value.RetentionDays, stoppingToken);
                if (dropped.Count > 0) logger.LogInformation("Retention ({Days} days): dropped {Partitions}", options.Value.RetentionDays, string.Join(", ", dropped));
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                // Another worker may be doing the same at the same moment, or PostgreSQL is away: next hour.
                logger.LogWarning("Partition maintenance skipped: {Error}", ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
    }
}
