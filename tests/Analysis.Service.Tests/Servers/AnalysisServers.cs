using System.Text.Json;
using LogPlatform.Contracts;
using LogPlatform.Storage.Writing;
using LogPlatform.Testing;
using Npgsql;
using StackExchange.Redis;

namespace Analysis.Service.Tests.Servers;

/// <summary>
/// A real Redis and PostgreSQL (schema applied) of their own, and what the workers do to them: logs stored with ids from
/// the sequence, then their batch published on <c>logs:live</c>. Each test class has its own (the checkpoint is global).
/// </summary>
public sealed class AnalysisServers : IAsyncLifetime
{
    private LogServers _servers = null!;

    public string RedisConnection => _servers.RedisConnection;
    public string PostgresConnection => _servers.PostgresConnection;
    public ConnectionMultiplexer Redis { get; private set; } = null!;
    public NpgsqlDataSource Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _servers = await LogServers.StartAsync();
        Redis = await ConnectionMultiplexer.ConnectAsync(RedisConnection + ",abortConnect=false");
        Database = NpgsqlDataSource.Create(PostgresConnection);
    }

    public async Task DisposeAsync()
    {
        await Database.DisposeAsync();
        await Redis.DisposeAsync();
        await _servers.DisposeAsync();
    }

    public AnalysisProcess StartAnalysis(params (string Key, string Value)[] settings)
        => AnalysisProcess.Start(RedisConnection, PostgresConnection, settings);

    /// <summary>Stores the logs as a worker does and returns them with their ids.</summary>
    public async Task<LogEvent[]> StoreAsync(params LogEvent[] logs)
    {
        var stored = await new LogBatchWriter(Database).WriteAsync([StreamEntryLogs.FromLogs($"test-{Guid.NewGuid():N}", logs)], CancellationToken.None);
        return [.. logs.Zip(stored.Ids, (log, id) => log with { Id = id })];
    }

    public async Task PublishAsync(IReadOnlyList<LogEvent> logs)
    {
        var message = JsonSerializer.SerializeToUtf8Bytes(logs.ToArray(), ContractsJsonContext.Default.LogEventArray);
        await Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisNames.LiveLogsChannel), message);
    }

    public async Task<LogEvent[]> StoreAndPublishAsync(params LogEvent[] logs)
    {
        var stored = await StoreAsync(logs);
        await PublishAsync(stored);
        return stored;
    }

    /// <summary>The process id of the lease's holder (its instance id is machine:pid:guid), or null.</summary>
    public async Task<int?> LeaderProcessIdAsync()
    {
        var holder = (string?)await Redis.GetDatabase().StringGetAsync(RedisNames.AnalysisLease);
        return holder?.Split(':') is [_, var pid, _] ? int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    public async Task<long> StoredCountAsync(string application) => await ScalarAsync(
        "SELECT count(*) FROM logs WHERE application = $1", application);

    public async Task<long> PatternCountAsync(string application) => await ScalarAsync(
        "SELECT coalesce(sum(count), 0)::bigint FROM patterns WHERE application = $1", application);

    public async Task<long> MinuteCountAsync(string application) => await ScalarAsync("""
        SELECT coalesce(sum(m.count), 0)::bigint FROM pattern_minute_counts m JOIN patterns p ON p.id = m.pattern_id WHERE p.application = $1
        """, application);

    public async Task<long> CheckpointAsync() => await ScalarAsync("SELECT coalesce(max(last_log_id), 0) FROM analysis_checkpoints", null);

    public async Task<HashSet<long>> PatternIdsAsync(string application)
    {
        await using var command = Database.CreateCommand("SELECT id FROM patterns WHERE application = $1");
        command.Parameters.Add(new() { Value = application });
        var ids = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetInt64(0));
        return ids;
    }

    private async Task<long> ScalarAsync(string sql, string? parameter)
    {
        await using var command = Database.CreateCommand(sql);
        if (parameter is not null) command.Parameters.Add(new() { Value = parameter });
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes; returns whether it held.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (await condition()) return true;
            await Task.Delay(200);
        }
        return await condition();
    }
}
