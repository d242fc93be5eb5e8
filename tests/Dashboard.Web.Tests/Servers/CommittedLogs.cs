using LogPlatform.Contracts;
using LogPlatform.Storage.Writing;
using Npgsql;
using StackExchange.Redis;

namespace Dashboard.Web.Tests.Servers;

/// <summary>
/// Logs as the worker commits them: one entry per batch stored by the worker's own <see cref="LogBatchWriter"/> (ids from
/// PostgreSQL's sequence), then, in the writer's turn, the batch encoded by <see cref="StoredLogsJson"/> published on
/// <see cref="RedisNames.LiveLogsChannel"/> (what <c>BatchProcessor</c> announces). The gateway reads the rows and relays the
/// channel; nothing here speaks to the dashboard.
/// </summary>
public sealed class CommittedLogs(NpgsqlDataSource database, IConnectionMultiplexer redis)
{
    private readonly LogBatchWriter _writer = new(database);

    /// <summary>Stores the logs without announcing them (history only) and returns them with their ids.</summary>
    public async Task<LogEvent[]> StoreAsync(params LogEvent[] logs)
    {
        var stored = await _writer.WriteAsync([Entry(logs)], CancellationToken.None);
        return WithIds(logs, stored);
    }

    /// <summary>Stores the logs, then publishes them on the live channel as the worker does after its commit.</summary>
    public async Task<LogEvent[]> StoreAndPublishAsync(params LogEvent[] logs)
    {
        var stored = await _writer.WriteAsync([Entry(logs)], AnnounceAsync, CancellationToken.None);
        return WithIds(logs, stored);
    }

    private async Task AnnounceAsync(StoredBatch stored, CancellationToken cancellationToken)
    {
        if (stored.Count == 0) return;
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisNames.LiveLogsChannel), StoredLogsJson.Write(stored.Entries, stored.FirstId));
    }

    private static StreamEntryLogs Entry(LogEvent[] logs) => StreamEntryLogs.FromLogs($"browser-test-{Guid.NewGuid():N}", logs);

    private static LogEvent[] WithIds(LogEvent[] logs, StoredBatch stored) => [.. logs.Zip(stored.Ids, (log, id) => log with { Id = id })];
}
