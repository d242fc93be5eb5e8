using System.Diagnostics;
using Dashboard.Web.Tests.Servers;
using LogPlatform.Contracts;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// Generated logs through the worker's path (<see cref="CommittedLogs"/>) at a given rate, until disposed. Every 20 ms
/// whatever is due goes out as one batch (one transaction, one publish), with up to <see cref="MaxInFlight"/> batches
/// being written at once, as the worker's replicas do (the writer still publishes them in id order): a write that runs
/// late on a loaded machine is caught up by the next batches, so the test process does not limit the rate.
/// </summary>
public sealed class LoadPump : IAsyncDisposable
{
    public const int MaxInFlight = 4;

    private static readonly LogSeverity[] Levels = [LogSeverity.Info, LogSeverity.Info, LogSeverity.Info, LogSeverity.Debug, LogSeverity.Warn, LogSeverity.Error];
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly SemaphoreSlim _slots = new(MaxInFlight, MaxInFlight);
    private readonly List<Task> _writes = [];
    private readonly Task _task;
    private long _sent;
    private long _batches;

    public LoadPump(CommittedLogs logs, int perSecond) => _task = Task.Run(() => RunAsync(logs, perSecond));

    /// <summary>Logs stored and published so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Batches stored and published so far.</summary>
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
                await _slots.WaitAsync(_stop.Token);
                // Counted from the clock once the slot is free: a batch holds everything due by then.
                due = (long)(_clock.Elapsed.TotalSeconds * perSecond) - generated;
                var batch = new LogEvent[due];
                for (var i = 0; i < batch.Length; i++) batch[i] = Generated(generated + i);
                generated += due;
                _writes.RemoveAll(write => write.IsCompletedSuccessfully);
                _writes.Add(WriteAsync(logs, batch));
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // stopped
        }
        await Task.WhenAll(_writes); // a failed write fails the test
    }

    private async Task WriteAsync(CommittedLogs logs, LogEvent[] batch)
    {
        try
        {
            await logs.StoreAndPublishAsync(batch);
            Interlocked.Add(ref _sent, batch.Length);
            Interlocked.Increment(ref _batches);
        }
        finally
        {
            _slots.Release();
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
        await _task;
        _stop.Dispose();
        _slots.Dispose();
    }
}
