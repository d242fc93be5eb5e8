using Analysis.Service.Alerting;
using Analysis.Service.Anomalies;
using Analysis.Service.Leasing;
using Analysis.Service.Patterns;
using LogPlatform.Contracts;
using LogPlatform.Storage.Analysis;
using LogPlatform.Storage.Queries;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Analysis.Service.Pipeline;

/// <summary>
/// Follows every stored log exactly once, in id order, while this instance holds the analysis lease. A term as leader:
/// subscribe to <c>logs:live</c> (before reading anything, so nothing falls between), load the checkpoint and the
/// patterns, read from PostgreSQL what was stored after the checkpoint, then analyse the live batches, reading back from
/// PostgreSQL whenever a batch's first id shows a gap (a dropped or missed message). The counts and the checkpoint are
/// committed together every <see cref="AnalysisOptions.CommitInterval"/>; anomalies are stored in the same commit and
/// published after it. Any failure ends the term; the next one starts again from what is stored, so nothing is counted twice.
/// </summary>
public sealed partial class AnalysisWorker(
    IConnectionMultiplexer redis, AnalysisStore store, LogQueries logs, IServiceScopeFactory scopes, AnalysisPublisher publisher,
    AlertRuleEvaluation alerts, AnalysisTelemetry telemetry, IOptions<AnalysisOptions> options, TimeProvider time, ILogger<AnalysisWorker> logger) : BackgroundService
{
    private static readonly TimeSpan NewestCheckInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);
    private static readonly TimeSpan StopCommitTimeout = TimeSpan.FromSeconds(10);

    private readonly AnalysisOptions _options = options.Value;

    /// <summary>This instance's name in the lease.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Whether this instance is the active one now.</summary>
    public bool IsLeader { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lease = new RedisLease(redis, RedisNames.AnalysisLease, InstanceId, _options.LeaseDuration);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await lease.TryAcquireAsync())
                {
                    await Task.Delay(_options.LeaseRenewInterval, time, stoppingToken);
                    continue;
                }
                await LeadAsync(lease, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogTermFailed(ex, ex.GetType().Name, ex.Message);
                await ReleaseAsync(lease);
                try
                {
                    await Task.Delay(_options.LeaseRenewInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        await ReleaseAsync(lease);
    }

    private async Task LeadAsync(RedisLease lease, CancellationToken stoppingToken)
    {
        using var term = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var keeping = KeepLeaseAsync(lease, term);
        IsLeader = true;
        telemetry.BecameLeader();
        LogLeading(InstanceId);
        try
        {
            await RunTermAsync(term.Token, stoppingToken);
        }
        catch (OperationCanceledException) when (term.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            LogLeaseLost(InstanceId);
        }
        finally
        {
            IsLeader = false;
            await term.CancelAsync();
            await keeping;
        }
    }

    /// <summary>Renews the lease until the term ends; ends the term when the lease is lost or could not be renewed in time.</summary>
    private async Task KeepLeaseAsync(RedisLease lease, CancellationTokenSource term)
    {
        var renewed = time.GetTimestamp();
        while (!term.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.LeaseRenewInterval, time, term.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                if (await lease.RenewAsync())
                {
                    renewed = time.GetTimestamp();
                    continue;
                }
            }
            catch (RedisException ex)
            {
                // Redis may come back before the lease runs out; stop before another instance could take it.
                if (time.GetElapsedTime(renewed) + _options.LeaseRenewInterval < lease.Duration)
                {
                    LogRenewFailed(ex.Message);
                    continue;
                }
            }
            await term.CancelAsync();
            return;
        }
    }

    private async Task RunTermAsync(CancellationToken termToken, CancellationToken stoppingToken)
    {
        // Subscribed first: a batch committed while the state loads is held, not missed.
        await using var live = await LiveLogSubscription.SubscribeAsync(redis, _options.LiveBufferBatches, telemetry);
        var state = await store.LoadAsync(PatternMinerOptions.Production.MaxPatterns, termToken);
        // Detectors come from a scope per term, so a new term (after a failure) starts them afresh with the state it reloads.
        await using var scope = scopes.CreateAsyncScope();
        var analyzer = new LogAnalyzer(PatternMinerOptions.Production, scope.ServiceProvider.GetServices<IAnomalyDetector>(), state,
            _options.MaxSourcesPerPattern);
        LogResumed(state.LastLogId, state.Patterns.Count);
        await alerts.BeginTermAsync(termToken);

        try
        {
            await CatchUpAsync(analyzer, beforeId: null, termToken);
            var now = time.GetUtcNow();
            var nextCommit = now + _options.CommitInterval;
            var nextTick = now + _options.DetectorTickInterval;
            var nextNewestCheck = now + NewestCheckInterval;
            var nextPrune = now;
            while (true)
            {
                now = time.GetUtcNow();
                var wait = Earliest(nextCommit, nextTick, nextNewestCheck, alerts.NextEvaluation) - now;
                if (await live.ReadAsync(wait, time, termToken) is { } batch)
                {
                    if (batch.Length > 0 && batch[0].Id > analyzer.LastLogId + 1) await CatchUpAsync(analyzer, batch[0].Id, termToken);
                    var analysed = 0;
                    foreach (var log in batch)
                    {
                        if (!analyzer.Analyze(log)) continue;
                        alerts.Observe(log, analyzer.LastPattern);
                        analysed++;
                    }
                    telemetry.Analysed(analysed);
                    nextNewestCheck = time.GetUtcNow() + NewestCheckInterval;
                }

                now = time.GetUtcNow();
                if (now >= nextNewestCheck)
                {
                    // Quiet for a while: a message lost to a Redis reconnect shows here, and is read back.
                    await CatchUpAsync(analyzer, beforeId: null, termToken);
                    nextNewestCheck = now + NewestCheckInterval;
                }
                if (now >= nextTick)
                {
                    analyzer.Tick(now);
                    nextTick = now + _options.DetectorTickInterval;
                }
                if (analyzer.PendingLogs >= _options.CommitEveryLogs || (now >= nextCommit && analyzer.HasPending))
                {
                    await CommitAsync(analyzer, termToken);
                }
                if (now >= nextCommit) nextCommit = now + _options.CommitInterval;
                await alerts.TickAsync(termToken);
                if (now >= nextPrune)
                {
                    var pruned = await store.PruneMinuteCountsAsync(now.AddDays(-_options.MinuteCountRetentionDays), termToken);
                    if (pruned > 0) LogPruned(pruned);
                    nextPrune = now + PruneInterval;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // A clean stop: keep what was analysed (the compare-and-set on the checkpoint guards against a successor).
            if (!analyzer.HasPending) throw;
            using var timeout = new CancellationTokenSource(StopCommitTimeout);
            await CommitAsync(analyzer, timeout.Token);
            throw;
        }
    }

    /// <summary>
    /// Reads from PostgreSQL the logs after the analyser's last id and before <paramref name="beforeId"/> (or up to the
    /// newest stored). More than <see cref="AnalysisOptions.MaxLag"/> of them: skips to the newest and says so.
    /// </summary>
    private async Task CatchUpAsync(LogAnalyzer analyzer, long? beforeId, CancellationToken cancellationToken)
    {
        var newest = beforeId is { } before ? before - 1 : await logs.NewestIdAsync(cancellationToken);
        var behind = newest - analyzer.LastLogId;
        if (behind <= 0) return;
        if (behind > _options.MaxLag)
        {
            analyzer.SkipTo(newest);
            telemetry.Skipped(behind);
            LogSkipped(behind, _options.MaxLag, newest);
            await publisher.PublishLaggingAsync(behind, _options.MaxLag, time.GetUtcNow());
            return;
        }
        while (true)
        {
            var page = await logs.BetweenIdsAsync(analyzer.LastLogId, newest + 1, _options.CatchUpPageSize, cancellationToken);
            foreach (var log in page)
            {
                if (analyzer.Analyze(log)) alerts.Observe(log, analyzer.LastPattern);
            }
            telemetry.Analysed(page.Count);
            if (analyzer.PendingLogs >= _options.CommitEveryLogs) await CommitAsync(analyzer, cancellationToken);
            if (page.Count < _options.CatchUpPageSize) break;
        }
        // Ids the sequence skipped (repeated entries, rolled-back batches) are passed over too.
        analyzer.SkipTo(newest);
    }

    private async Task CommitAsync(LogAnalyzer analyzer, CancellationToken cancellationToken)
    {
        var commit = analyzer.TakeCommit();
        await store.CommitAsync(commit, cancellationToken);
        telemetry.Committed(analyzer.Miner.PatternCount, analyzer.Miner.Evictions);
        await publisher.PublishAnomaliesAsync(commit.Anomalies);
        alerts.Observe(commit.Anomalies);
    }

    private static DateTimeOffset Earliest(params ReadOnlySpan<DateTimeOffset> times)
    {
        var earliest = times[0];
        foreach (var t in times[1..]) if (t < earliest) earliest = t;
        return earliest;
    }

    private async Task ReleaseAsync(RedisLease lease)
    {
        try
        {
            await lease.ReleaseAsync();
        }
        catch (RedisException)
        {
            // It expires by itself.
        }
    }

    [LoggerMessage(LogLevel.Information, "Analysis instance {Instance} holds the lease: analysing the stored logs")]
    private partial void LogLeading(string instance);

    [LoggerMessage(LogLevel.Warning, "Analysis instance {Instance} lost the lease; another instance takes over")]
    private partial void LogLeaseLost(string instance);

    [LoggerMessage(LogLevel.Warning, "The analysis lease could not be renewed (it is still valid): {Error}")]
    private partial void LogRenewFailed(string error);

    [LoggerMessage(LogLevel.Error, "The analysis term ended: {ErrorType}: {Error}; starting again from the stored state")]
    private partial void LogTermFailed(Exception exception, string errorType, string error);

    [LoggerMessage(LogLevel.Information, "Resuming after log id {LastLogId} with {Patterns} stored patterns")]
    private partial void LogResumed(long lastLogId, int patterns);

    [LoggerMessage(LogLevel.Warning, "The analysis fell {Behind} logs behind (more than Analysis:MaxLag {MaxLag}); skipped ahead to log id {Newest}")]
    private partial void LogSkipped(long behind, int maxLag, long newest);

    [LoggerMessage(LogLevel.Debug, "Pruned {Rows} per-minute pattern counts past the retention")]
    private partial void LogPruned(int rows);
}
