using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LogPlatform.Hosting.Summary;

/// <summary>
/// Once every resource is up (running and healthy, or finished with exit code 0 for one-shot resources such as the
/// migrator), prints a table of the resources with their state and URLs, then the lines the app model adds (where the
/// dashboards are, development credentials): what a newcomer needs on the console; the Aspire dashboard holds the rest.
/// </summary>
public sealed class StartupSummary(
    DistributedApplicationModel model, ResourceNotificationService notifications, IEnumerable<StartupSummaryLine> lines)
{
    /// <summary>How long start-up may go quiet before the summary says what it still waits for.</summary>
    private static readonly TimeSpan WaitingReportPeriod = TimeSpan.FromSeconds(60);

    public async Task WriteAsync(CancellationToken stoppingToken)
    {
        var instances = new SortedDictionary<string, (IResource Resource, CustomResourceSnapshot Snapshot)>(StringComparer.Ordinal);
        var expected = model.Resources.Where(r => r is not ParameterResource).ToHashSet();
        using var waiting = new PeriodicTimer(WaitingReportPeriod);
        using var startedUp = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var reporter = ReportWaitingAsync(waiting, instances, expected, startedUp.Token);
        await foreach (var update in notifications.WatchAsync(stoppingToken))
        {
            // Hidden resources (the orchestrator's own helpers) are not the platform's.
            if (!expected.Contains(update.Resource) || update.Snapshot.IsHidden)
            {
                lock (instances) expected.Remove(update.Resource);
                continue;
            }
            // Progress while starting: a resource that fails, or stays unhealthy, says so here, not only on the Aspire dashboard.
            var progress = Progress(update.Snapshot);
            bool up;
            lock (instances)
            {
                var changed = progress.Length > 0 && (!instances.TryGetValue(update.ResourceId, out var before) || Progress(before.Snapshot) != progress);
                if (changed) Console.Out.WriteLine($"  {update.ResourceId}: {progress}");
                instances[update.ResourceId] = (update.Resource, update.Snapshot);
                up = expected.All(r => instances.Values.Any(i => i.Resource == r)) && instances.Values.All(i => IsUp(i.Snapshot));
            }
            if (up) break;
        }
        await startedUp.CancelAsync();
        await reporter;

        // A resource with one instance goes by its name; replicas by their instance ids (worker-abcd1234).
        var single = instances.Values.GroupBy(i => i.Resource).Where(g => g.Count() == 1).Select(g => g.Key).ToHashSet();
        var rows = instances.Select(i => (Name: single.Contains(i.Value.Resource) ? i.Value.Resource.Name : i.Key, State: i.Value.Snapshot.State?.Text ?? "",
            Urls: string.Join(" ", i.Value.Snapshot.Urls.Where(u => !u.IsInternal).Select(u => u.Url)))).ToList();
        var nameWidth = rows.Max(r => r.Name.Length) + 2;
        var stateWidth = Math.Max(rows.Max(r => r.State.Length), 5) + 2;
        var text = new StringBuilder().AppendLine();
        text.AppendLine($"{"resource".PadRight(nameWidth)}{"state".PadRight(stateWidth)}urls");
        foreach (var (name, state, urls) in rows) text.AppendLine($"{name.PadRight(nameWidth)}{state.PadRight(stateWidth)}{urls}");
        text.AppendLine();
        foreach (var line in lines) text.AppendLine(await line.Render(stoppingToken));
        await Console.Out.WriteAsync(text.ToString());
    }

    /// <summary>Every <see cref="WaitingReportPeriod"/> until everything is up: which resources are not, and why.</summary>
    private static async Task ReportWaitingAsync(PeriodicTimer timer, SortedDictionary<string, (IResource Resource, CustomResourceSnapshot Snapshot)> instances,
        HashSet<IResource> expected, CancellationToken cancellationToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                string[] pending;
                lock (instances)
                {
                    pending = [.. instances.Where(i => !IsUp(i.Value.Snapshot)).Select(i => $"{i.Key} ({Progress(i.Value.Snapshot)}{Unhealthy(i.Value.Snapshot)})")
                        .Concat(expected.Where(r => !instances.Values.Any(i => i.Resource == r)).Select(r => $"{r.Name} (not started)"))];
                }
                if (pending.Length > 0) await Console.Out.WriteLineAsync($"  still waiting for: {string.Join("; ", pending)}");
            }
        }
        catch (OperationCanceledException)
        {
            // everything is up, or the AppHost is stopping
        }
    }

    /// <summary>"Running", "Running, not healthy yet", "Finished (exit code 1)": what the progress lines show of a resource.</summary>
    private static string Progress(CustomResourceSnapshot snapshot)
    {
        var state = snapshot.State?.Text;
        if (state is not { Length: > 0 }) return "";
        if (snapshot.ExitCode is { } code) return $"{state} (exit code {code})";
        return state == KnownResourceStates.Running && !snapshot.HealthReports.IsEmpty
            ? $"{state}, {(snapshot.HealthStatus == HealthStatus.Healthy ? "healthy" : "not healthy yet")}"
            : state;
    }

    private static string Unhealthy(CustomResourceSnapshot snapshot)
    {
        var failing = snapshot.HealthReports.Where(r => r.Status != HealthStatus.Healthy)
            .Select(r => $"{r.Name}: {r.Description ?? r.ExceptionText?.Split('\n')[0] ?? r.Status?.ToString() ?? "not checked yet"}").ToArray();
        return failing.Length == 0 ? "" : $"; {string.Join(", ", failing)}";
    }

    private static bool IsUp(CustomResourceSnapshot snapshot) => snapshot.State?.Text switch
    {
        var state when state == KnownResourceStates.Finished => snapshot.ExitCode == 0,
        var state when state == KnownResourceStates.Running => snapshot.HealthReports.IsEmpty || snapshot.HealthStatus == HealthStatus.Healthy,
        _ => false,
    };
}
