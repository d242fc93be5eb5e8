using System.Diagnostics;
using LogPlatform.Contracts;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// Generated logs through the worker's path (<see cref="CommittedLogs"/>) at a given rate, until disposed: a batch every
/// 20 ms of whatever is due, so a write that runs late is caught up by a larger next batch (one transaction and one
/// publish per batch: the test process is not what limits the rate).
/// </summary>
public sealed class LoadPump : IAsyncDisposable
{
    private static readonly LogSeverity[] Levels = [LogSeverity.Info, LogSeverity.Info, LogSeverity.Info, LogSeverity.Debug, LogSeverity.Warn, LogSeverity.Error];
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _task;
    private long _sent;
    private long _batches;

    public LoadPump(CommittedLogs logs, int perSecond) => _task = Task.Run(() => RunAsync(logs, perSecond));

    /// <summary>Logs stored and published so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public long Batches => Interlocked.Read(ref _batches);

    public TimeSpan Elapsed => _clock.Elapsed;

    private async Task RunAsync(CommittedLogs logs, int perSecond)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        long generated = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var due = (long)(_clock.Elapsed.TotalSeconds * perSecond) - generated;
                if (due <= 0) continue;
                var batch = new LogEvent[due];
                for (var i = 0; i < batch.Length; i++) batch[i] = Generated(generated + i);
                await logs.StoreAndPublishAsync(batch);
                generated += due;
                Interlocked.Add(ref _sent, due);
                Interlocked.Increment(ref _batches);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // stopped
        }
    }

    private static LogEvent Generated(long n) => new()
    {
        Timestamp = DateTimeOffset.UtcNow,
        ReceivedAt = DateTimeOffset.UtcNow,
        Level = Levels[n % Levels.Length],
        Source = "load-" + (n % 7),
        Application = "pump",
        Message = $"request {n} handled in {n % 997} ms for tenant {n % 31} on shard {n % 5}, cache {(n % 3 == 0 ? "miss" : "hit")}",
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _task; // a failed write fails the test here
        _stop.Dispose();
    }
}
