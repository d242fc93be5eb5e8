using LogPlatform.Hosting.Redis;
using LogPlatform.Testing;

namespace Ingest.Api.Tests.Integration;

/// <summary>A real Redis (the AppHost's resource, in a small app model) that a test can stop and start again.</summary>
public sealed class TestRedis : IAsyncDisposable
{
    private const string ResourceName = "redis";
    private TestAppModel? _model;

    public string ConnectionString { get; private set; } = "";

    public async Task StartAsync()
    {
        if (_model is not null)
        {
            await _model.StartResourceAsync(ResourceName);
            return;
        }
        _model = await TestAppModel.StartAsync(builder => builder.AddRedisServer(ResourceName), ResourceName);
        ConnectionString = await _model.ConnectionStringAsync(ResourceName);
    }

    public Task StopAsync() => _model?.StopResourceAsync(ResourceName) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_model is not null) await _model.DisposeAsync();
    }
}
