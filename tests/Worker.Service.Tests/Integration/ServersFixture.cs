using System.Text.Json;
using LogPlatform.Contracts;
using LogPlatform.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using StackExchange.Redis;

namespace Worker.Service.Tests.Integration;

/// <summary>A real Redis and a real PostgreSQL (schema applied) for the worker tests, on free ports.</summary>
public sealed class ServersFixture : IAsyncLifetime
{
    private LogServers servers = null!;

    public TestAppModel Servers => servers.Model;
    public string RedisConnection => servers.RedisConnection;
    public string PostgresConnection => servers.PostgresConnection;
    public ConnectionMultiplexer Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        servers = await LogServers.StartAsync();
        Redis = await ConnectionMultiplexer.ConnectAsync(RedisConnection + ",abortConnect=false");
    }

    public async Task DisposeAsync()
    {
        await Redis.DisposeAsync();
        await servers.DisposeAsync();
    }

    /// <summary>A worker process's host, in-process, against the real servers.</summary>
    public WebApplicationFactory<Program> StartWorker(params (string Key, string Value)[] settings)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:redis", RedisConnection);
            web.UseSetting("ConnectionStrings:logs", PostgresConnection);
            web.UseSetting("Worker:ClaimIdleTime", "00:00:01");
            foreach (var (key, value) in settings) web.UseSetting(key, value);
        });
        _ = factory.Server; // starts the host and its hosted services
        return factory;
    }

    /// <summary>Appends an entry the way ingest does: a JSON array of logs plus its count.</summary>
    public async Task<string> AddEntryAsync(IReadOnlyList<LogEvent> logs)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(logs.ToArray(), ContractsJsonContext.Default.LogEventArray);
        return (await AddRawEntryAsync(payload, logs.Count))!;
    }

    public async Task<string?> AddRawEntryAsync(byte[] payload, int count) =>
        await Redis.GetDatabase().StreamAddAsync(RedisNames.IngestStream,
        [
            new NameValueEntry(StreamEntryFields.Payload, payload),
            new NameValueEntry(StreamEntryFields.Count, count),
            new NameValueEntry(StreamEntryFields.AcceptedAtUnixMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
        ]);

    public static List<LogEvent> Logs(string application, int count, string message = "request served") =>
        Enumerable.Range(0, count).Select(i => new LogEvent
        {
            Timestamp = DateTimeOffset.UtcNow,
            ReceivedAt = DateTimeOffset.UtcNow,
            Level = (LogSeverity)(i % 6),
            Message = $"{message} #{i}",
            Source = "web-01",
            Application = application,
        }).ToList();

    public async Task<(long Rows, long DistinctIds)> CountAsync(string application)
    {
        // Unpooled: a test may restart PostgreSQL, and a pooled connection would report that once.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresConnection) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*), count(DISTINCT id) FROM logs WHERE application = @a", connection);
        command.Parameters.AddWithValue("a", application);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public async Task WaitForRowsAsync(string application, long expected, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (true)
        {
            var (rows, _) = await CountAsync(application);
            if (rows >= expected) return;
            try
            {
                await Task.Delay(100, limit.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Expected {expected} rows of {application} within {timeout.TotalSeconds} s, found {rows}.");
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    // One stream and one group for every test here: they run one after another.
    public const string Name = "servers";
}
