using LogPlatform.Testing;
using Npgsql;

namespace LogPlatform.Shipping.Tests.Integration;

/// <summary>
/// The real pipeline: Redis and PostgreSQL (schema applied) on free ports, Ingest.Api and one Worker.Service as processes
/// (the worker writing one batch at a time, so the order of the ids in PostgreSQL is the order logs were accepted in).
/// </summary>
public sealed class PipelineFixture : IAsyncLifetime
{
    public const string ApiKey = "ship-test-key";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private LogServers _servers = null!;
    private BuiltProcess? _ingest;
    private BuiltProcess? _worker;

    public Uri IngestUrl { get; private set; } = null!;
    public NpgsqlDataSource Database { get; private set; } = null!;
    public string Diagnostics => $"--- ingest ---\n{_ingest?.Output}\n--- worker ---\n{_worker?.Output}";

    public async Task InitializeAsync()
    {
        _servers = await LogServers.StartAsync();
        Database = NpgsqlDataSource.Create(_servers.PostgresConnection);
        var ingestPort = BuiltProcess.FreePort();
        IngestUrl = new Uri($"http://127.0.0.1:{ingestPort}");
        _ingest = BuiltProcess.Start("Ingest.Api", "Ingest.Api", [], new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = IngestUrl.ToString(),
            ["ConnectionStrings__redis"] = _servers.RedisConnection,
            ["Ingest__ApiKeys__0"] = ApiKey,
        });
        var workerPort = BuiltProcess.FreePort();
        _worker = BuiltProcess.Start("Worker.Service", "Worker.Service", [], new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{workerPort}",
            ["ConnectionStrings__redis"] = _servers.RedisConnection,
            ["ConnectionStrings__logs"] = _servers.PostgresConnection,
            // One batch written at a time, so PostgreSQL's ids (commit order) follow the stream's order, which is the
            // order ingest accepted the shipper's batches in; with two in flight, two batches may commit either way round.
            ["Worker__WritesInFlight"] = "1",
        });
        await WaitHealthyAsync(IngestUrl, _ingest);
        await WaitHealthyAsync(new Uri($"http://127.0.0.1:{workerPort}"), _worker);
    }

    private static async Task WaitHealthyAsync(Uri service, BuiltProcess process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"{service} exited with {process.ExitCode}:\n{process.Output}");
            try
            {
                if ((await http.GetAsync(new Uri(service, "/health"))).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > until) throw new TimeoutException($"{service} not healthy:\n{process.Output}");
            await Task.Delay(250);
        }
    }

    /// <summary>The stored logs of one application, in storage order: (file, seq) from their logfmt properties.</summary>
    public async Task<List<(string File, int Seq)>> StoredAsync(string application)
    {
        await using var command = Database.CreateCommand(
            "SELECT properties->>'file', (properties->>'seq')::int FROM logs WHERE application = $1 ORDER BY id");
        command.Parameters.Add(new NpgsqlParameter { Value = application });
        var stored = new List<(string, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) stored.Add((reader.GetString(0), reader.GetInt32(1)));
        return stored;
    }

    public async Task DisposeAsync()
    {
        _ingest?.Dispose();
        _worker?.Dispose();
        await Database.DisposeAsync();
        await _servers.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<PipelineFixture>
{
    public const string Name = "pipeline";
}
