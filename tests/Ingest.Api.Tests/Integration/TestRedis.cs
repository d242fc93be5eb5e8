using LogPlatform.Hosting;
using LogPlatform.Hosting.Testing;

namespace Ingest.Api.Tests.Integration;

/// <summary>
/// A real Redis from the shared test host (free loopback port, temporary data folder removed on dispose), which a test
/// can stop and start again like the AppHost does.
/// </summary>
public sealed class TestRedis : IAsyncDisposable
{
    private const string ResourceName = "redis";
    private DistributedApplication? _app;

    public string ConnectionString { get; private set; } = "";

    public async Task StartAsync()
    {
        if (_app is not null)
        {
            await _app.StartResourceAsync(ResourceName);
            return;
        }
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddRedis(ResourceName);
        _app = builder.Build();
        await _app.StartAsync();
        ConnectionString = await _app.GetConnectionStringAsync(ResourceName);
    }

    public Task StopAsync() => _app?.StopResourceAsync(ResourceName) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
