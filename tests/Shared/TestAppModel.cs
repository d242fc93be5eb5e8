using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LogPlatform.Testing;

/// <summary>
/// A small Aspire app model of the platform's own server resources (the AppHost's, from LogPlatform.Hosting) for
/// integration tests: run by Aspire's orchestrator on free loopback ports, with a temporary data folder removed on dispose.
/// </summary>
public sealed class TestAppModel : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private readonly DirectoryInfo _data;

    private TestAppModel(DistributedApplication app, DirectoryInfo data)
    {
        App = app;
        _data = data;
    }

    public DistributedApplication App { get; }

    /// <summary>Builds the model, starts it and waits until <paramref name="healthy"/> resources answer.</summary>
    public static async Task<TestAppModel> StartAsync(Action<IDistributedApplicationTestingBuilder> model, params string[] healthy)
    {
        var data = Directory.CreateTempSubdirectory("logplatform-test-");
        // No Aspire dashboard: nobody looks at it in a test run.
        var builder = DistributedApplicationTestingBuilder.Create([$"--AppHost:DataDirectory={data.FullName}"],
            (options, _) => options.DisableDashboard = true);
        model(builder);
        var app = builder.Build();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await app.StartAsync(timeout.Token);
        foreach (var name in healthy) await app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
        return new TestAppModel(app, data);
    }

    public Task<string> ConnectionStringAsync(string resource)
        => App.GetConnectionStringAsync(resource).AsTask().ContinueWith(t => t.Result ?? throw new InvalidOperationException($"{resource} has no connection string"), TaskScheduler.Default);

    /// <summary>Stops a resource through Aspire's own stop command (what the dashboard's Stop button does).</summary>
    public async Task StopResourceAsync(string name)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var result = await Commands.ExecuteCommandAsync(Resource(name), KnownResourceCommands.StopCommand, timeout.Token);
        if (!result.Success) throw new InvalidOperationException($"Stopping {name} failed: {result.Message}");
        await App.ResourceNotifications.WaitForResourceAsync(name, [KnownResourceStates.Exited, KnownResourceStates.Finished], timeout.Token);
    }

    /// <summary>Starts a stopped resource again and waits until it answers.</summary>
    public async Task StartResourceAsync(string name)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        // A server just stopped may still hold its port or files for a moment: the start is tried again, a few times.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await Commands.ExecuteCommandAsync(Resource(name), KnownResourceCommands.StartCommand, timeout.Token);
                if (!result.Success) throw new InvalidOperationException($"Starting {name} failed: {result.Message}");
                await App.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
                return;
            }
            catch (Exception ex) when (attempt < 3 && ex is DistributedApplicationException or InvalidOperationException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
            }
        }
    }

    private ResourceCommandService Commands => App.Services.GetRequiredService<ResourceCommandService>();

    private IResource Resource(string name)
        => App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A server still flushing its last file: the temporary folder is the system's to clean.
        }
    }
}
