using LogPlatform.Shipping;
using LogPlatform.Shipping.Checkpoints;
using LogPlatform.Shipping.Sending;
using LogPlatform.Shipping.Tailing;
using Shipper.Progress;

namespace Shipper;

/// <summary>One run of the tool: a tailer per input, all sharing the state file and one HTTP connection pool.</summary>
public sealed class ShipRun(IReadOnlyList<ShipSource> sources, Uri endpoint, string? apiKey, string stateFile, bool once, bool progress)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var store = new CheckpointStore(stateFile);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var tailers = sources.Select(s => new SourceTailer(s, store, new HttpBatchSink(http, endpoint, apiKey, s), TimeProvider.System)).ToList();

        using var stopProgress = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progressLine = progress ? new ProgressLine(tailers, Console.Error, ProgressLine.IsTerminal).RunAsync(stopProgress.Token) : Task.CompletedTask;
        var exitCode = 0;
        try
        {
            await Task.WhenAll(tailers.Select(t => t.RunAsync(once, cancellationToken)));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (ShipperStoppedException ex)
        {
            await Console.Error.WriteLineAsync("logplatform-ship: stopped: " + ex.Message);
            exitCode = 1;
        }
        await stopProgress.CancelAsync();
        await progressLine;

        var lines = tailers.Sum(t => t.Progress.LinesTotal);
        var errors = tailers.Sum(t => t.Progress.Errors);
        await Console.Error.WriteLineAsync($"logplatform-ship: {lines} lines shipped, {errors} errors; state in {store.Path}");
        if (exitCode == 0 && once && errors > 0 && tailers.Any(t => t.Progress.LastError?.Contains(" refused: ", StringComparison.Ordinal) == true)) exitCode = 2;
        return exitCode;
    }
}
