using System.Text.Json;
using LogPlatform.Contracts;
using LogPlatform.Storage.Analysis;
using Npgsql;
using StackExchange.Redis;

namespace LogPlatform.Testing;

/// <summary>
/// What the analysis service commits, through its own <see cref="AnalysisStore"/> (patterns, per-minute counts, anomalies and
/// the checkpoint in one transaction), and, for anomalies, then announced on <see cref="RedisNames.LiveAnomaliesChannel"/> as
/// its <c>AnalysisPublisher</c> does. The gateway reads the tables and relays the channel. Shared by the gateway's and the
/// dashboard's tests.
/// </summary>
public sealed class CommittedAnalysis(NpgsqlDataSource database, IConnectionMultiplexer redis)
{
    private readonly AnalysisStore _store = new(database);

    /// <summary>
    /// Commits <paramref name="patterns"/> and moves the checkpoint to <paramref name="minedUpTo"/> (the logs up to it are
    /// mined; those after it are not yet), never back.
    /// </summary>
    public Task CommitPatternsAsync(IReadOnlyList<PatternRow> patterns, IReadOnlyList<MinuteCount> minutes, long minedUpTo)
        => CommitAsync(patterns, minutes, [], minedUpTo);

    /// <summary>Stores the anomalies; when <paramref name="announce"/>, then publishes each on the live channel.</summary>
    public async Task CommitAnomaliesAsync(bool announce, params Anomaly[] anomalies)
    {
        await CommitAsync([], [], anomalies, minedUpTo: 0);
        if (!announce) return;
        foreach (var anomaly in anomalies)
        {
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisNames.LiveAnomaliesChannel),
                JsonSerializer.SerializeToUtf8Bytes(anomaly, ContractsJsonContext.Default.Anomaly));
        }
    }

    /// <summary>One commit as the analysis makes it; the checkpoint moves to <paramref name="minedUpTo"/>, never back.</summary>
    public async Task CommitAsync(IReadOnlyList<PatternRow> patterns, IReadOnlyList<MinuteCount> minutes, IReadOnlyList<Anomaly>? anomalies = null,
        long minedUpTo = 0)
    {
        var state = await _store.LoadAsync(1, CancellationToken.None);
        await _store.CommitAsync(new AnalysisCommit(state.LastLogId, Math.Max(minedUpTo, state.LastLogId), patterns, minutes, anomalies ?? []),
            CancellationToken.None);
    }
}
