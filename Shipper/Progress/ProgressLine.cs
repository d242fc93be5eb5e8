using System.Globalization;
using LogPlatform.Shipping.Tailing;

namespace Shipper.Progress;

/// <summary>
/// The live status line on a terminal (stderr, rewritten in place once a second): files followed, lines/s, lag
/// (bytes written to the files but not shipped yet) and errors, with the last error when there is one.
/// </summary>
/// Not on a terminal (a service's log), the same line is written as a line of its own every 10 seconds.
public sealed class ProgressLine(IReadOnlyList<SourceTailer> tailers, TextWriter terminal, bool inPlace)
{
    public static bool IsTerminal => !Console.IsErrorRedirected;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(inPlace ? 1 : 10));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false)) Write();
        }
        catch (OperationCanceledException)
        {
        }
        Write();
        if (inPlace) terminal.WriteLine();
    }

    private void Write()
    {
        var progress = tailers.Select(t => t.Progress).ToList();
        var lastError = progress.Select(p => p.LastError).LastOrDefault(e => e is not null);
        var line = string.Format(CultureInfo.InvariantCulture, "files {0} | {1:N0} lines | {2:N0} lines/s | lag {3} | errors {4}{5}",
            progress.Sum(p => p.Files.Count), progress.Sum(p => p.LinesTotal), progress.Sum(p => p.LinesPerSecond),
            Bytes(progress.Sum(p => p.LagBytes)), progress.Sum(p => p.Errors), lastError is null ? "" : " (last: " + lastError + ")");
        if (!inPlace)
        {
            terminal.WriteLine(line);
            return;
        }
        var width = Math.Max(40, Console.WindowWidth - 1);
        if (line.Length > width) line = line[..(width - 1)] + "…";
        terminal.Write("\r" + line.PadRight(width));
    }

    private static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB"),
    };
}
