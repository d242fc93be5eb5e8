using LogPlatform.Shipping.Tailing;

namespace Ingest.Api.Sources;

/// <summary>One configured source at run time: started and stopped by the operator, its tailer run in the background.</summary>
public sealed class OperatorSource(string name, SourceDefinition definition, Func<SourceTailer> createTailer, ILogger logger)
{
    private readonly Lock _lock = new();
    private SourceState _state = SourceState.Stopped;
    private SourceTailer? _tailer;
    private CancellationTokenSource? _stop;
    private Task _run = Task.CompletedTask;
    private long _linesBefore;
    private string? _failure;

    public string Name => name;

    public void Start(CancellationToken stopping)
    {
        lock (_lock)
        {
            if (_state == SourceState.Running) return;
            if (_tailer is not null) _linesBefore += _tailer.Progress.LinesTotal;
            _failure = null;
            _tailer = createTailer();
            _stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            _state = SourceState.Running;
            var tailer = _tailer;
            var token = _stop.Token;
            _run = Task.Run(() => RunAsync(tailer, token), CancellationToken.None);
        }
        logger.LogInformation("Source {Source} started on {Glob}", name, definition.Glob);
    }

    public async Task StopAsync()
    {
        Task run;
        lock (_lock)
        {
            if (_state != SourceState.Running) return;
            _stop!.Cancel();
            run = _run;
        }
        await run.ConfigureAwait(false);
        logger.LogInformation("Source {Source} stopped", name);
    }

    private async Task RunAsync(SourceTailer tailer, CancellationToken cancellationToken)
    {
        try
        {
            await tailer.RunAsync(once: false, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Source {Source} failed", name);
            lock (_lock)
            {
                _failure = ex.Message;
                _state = SourceState.Failed;
            }
            return;
        }
        lock (_lock)
        {
            if (_state == SourceState.Running) _state = SourceState.Stopped;
        }
    }

    public SourceStatus Status()
    {
        SourceState state;
        SourceTailer? tailer;
        long before;
        string? failure;
        lock (_lock)
        {
            (state, tailer, before, failure) = (_state, _tailer, _linesBefore, _failure);
        }
        var progress = tailer?.Progress;
        return new SourceStatus(name, state.ToString().ToLowerInvariant(), definition.Format, definition.Glob,
            [.. (progress?.Files ?? []).Select(f => new SourceFileStatus(f.File, f.Offset, f.Size, f.LagBytes))],
            before + (progress?.LinesTotal ?? 0), state == SourceState.Running ? Math.Round(progress?.LinesPerSecond ?? 0, 1) : 0,
            failure ?? progress?.LastError);
    }
}
