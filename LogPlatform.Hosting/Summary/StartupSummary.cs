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
    public async Task WriteAsync(CancellationToken stoppingToken)
    {
        var instances = new SortedDictionary<string, (IResource Resource, CustomResourceSnapshot Snapshot)>(StringComparer.Ordinal);
        var expected = model.Resources.Where(r => r is not ParameterResource).ToHashSet();
        await foreach (var update in notifications.WatchAsync(stoppingToken))
        {
            // Hidden resources (the orchestrator's own helpers) are not the platform's.
            if (!expected.Contains(update.Resource) || update.Snapshot.IsHidden)
            {
                expected.Remove(update.Resource);
                continue;
            }
            var state = update.Snapshot.State?.Text;
            if (state is { Length: > 0 } && (!instances.TryGetValue(update.ResourceId, out var before) || before.Snapshot.State?.Text != state))
            {
                // Progress while starting: a resource that fails says so here, not only on the Aspire dashboard.
                var exit = update.Snapshot.ExitCode is { } code ? $" (exit code {code})" : "";
                await Console.Out.WriteLineAsync($"  {update.ResourceId}: {state}{exit}");
            }
            instances[update.ResourceId] = (update.Resource, update.Snapshot);
            if (expected.All(r => instances.Values.Any(i => i.Resource == r)) && instances.Values.All(i => IsUp(i.Snapshot))) break;
        }

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

    private static bool IsUp(CustomResourceSnapshot snapshot) => snapshot.State?.Text switch
    {
        var state when state == KnownResourceStates.Finished => snapshot.ExitCode == 0,
        var state when state == KnownResourceStates.Running => snapshot.HealthReports.IsEmpty || snapshot.HealthStatus == HealthStatus.Healthy,
        _ => false,
    };
}
