using LogPlatform.Hosting.Processes;

namespace LogPlatform.Hosting.Resources;

public enum ResourceState { NotStarted, Waiting, Starting, Running, Stopping, Stopped, Failed }

/// <summary>Something the AppHost runs: a server or a service, started once what it waits for is healthy.</summary>
public abstract class Resource(string name)
{
    private TaskCompletionSource healthy = NewHealthy();

    public string Name { get; } = name;
    public ResourceState State { get; protected set; }
    public List<Resource> WaitsFor { get; } = [];
    public List<SupervisedProcess> Processes { get; } = [];

    /// <summary>Completes when the resource is healthy (and, for a database, migrated).</summary>
    public Task Healthy => healthy.Task;

    /// <summary>What to show in the resource table: a URL or a connection string.</summary>
    public abstract string Describe();

    internal async Task StartAsync(HostingContext context, CancellationToken cancellationToken)
    {
        try
        {
            State = ResourceState.Waiting;
            await Task.WhenAll(WaitsFor.Select(r => r.Healthy)).WaitAsync(cancellationToken);
            State = ResourceState.Starting;
            await StartCoreAsync(context, cancellationToken);
            State = ResourceState.Running;
            healthy.TrySetResult();
        }
        catch (Exception ex)
        {
            State = ResourceState.Failed;
            healthy.TrySetException(ex);
            throw;
        }
    }

    protected abstract Task StartCoreAsync(HostingContext context, CancellationToken cancellationToken);

    internal virtual async Task StopAsync(TimeSpan grace)
    {
        if (State is ResourceState.NotStarted or ResourceState.Stopped) return;
        State = ResourceState.Stopping;
        await Task.WhenAll(Processes.Select(p => p.StopAsync(grace)));
        State = ResourceState.Stopped;
        healthy = NewHealthy();
    }

    private static TaskCompletionSource NewHealthy() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Polls <paramref name="probe"/> until it succeeds; fails fast with the process's last lines when it died.</summary>
    protected async Task WaitUntilAsync(Func<CancellationToken, Task<bool>> probe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        while (true)
        {
            if (Processes.Count > 0 && Processes.All(p => !p.IsRunning))
            {
                throw new HostingException($"{Name} exited while starting. Its last output:{Environment.NewLine}  " +
                    string.Join(Environment.NewLine + "  ", Processes.SelectMany(p => p.RecentOutput).TakeLast(15)));
            }
            try
            {
                if (await probe(limit.Token)) return;
            }
            catch (Exception) when (!limit.IsCancellationRequested)
            {
                // Not ready yet.
            }
            try
            {
                await Task.Delay(200, limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new HostingException($"{Name} did not become healthy within {timeout.TotalSeconds:0} s.");
            }
        }
    }
}

/// <summary>A resource others reference by connection string (<c>ConnectionStrings__{Name}</c>).</summary>
public interface IResourceWithConnectionString
{
    string Name { get; }
    string ConnectionString { get; }
}

/// <summary>A failure to host, said in one line: no stack trace for a missing package or a port in use.</summary>
public sealed class HostingException(string message) : Exception(message);
