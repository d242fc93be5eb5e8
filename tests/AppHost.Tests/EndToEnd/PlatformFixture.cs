using LogPlatform.Hosting;
using LogPlatform.Hosting.Testing;

namespace AppHost.Tests.EndToEnd;

/// <summary>The whole platform from AppHost's real Program.cs, on free ports with temporary data, shared by the end-to-end tests.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public DistributedApplication App { get; private set; } = null!;
    public string IngestApiKey => App.GetParameter("ingest-api-key");
    public string StreamToken => App.GetParameter("stream-token");

    public async Task InitializeAsync()
    {
        App = await DistributedApplicationTestingBuilder.CreateAsync<Program>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await App.StartAsync(timeout.Token);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
