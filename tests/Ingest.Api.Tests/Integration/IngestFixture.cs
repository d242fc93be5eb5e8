using StackExchange.Redis;

namespace Ingest.Api.Tests.Integration;

/// <summary>One real Redis and one ingest app for the collection; tests isolate themselves by application names.</summary>
public sealed class IngestFixture : IAsyncLifetime
{
    public TestRedis Redis { get; } = new();
    public IngestApiFactory Factory { get; private set; } = null!;
    public IConnectionMultiplexer Connection { get; private set; } = null!;
    public IDatabase Database => Connection.GetDatabase();

    public async Task InitializeAsync()
    {
        await Redis.StartAsync();
        Connection = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        Factory = new IngestApiFactory(Redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Ingest:MaxBodyBytes"] = (2 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Ingest:MaxEntriesPerRequest"] = "3000",
        });
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Connection.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class IngestCollection : ICollectionFixture<IngestFixture>
{
    public const string Name = "ingest with redis";
}
