using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using LogPlatform.Contracts;
using LogPlatform.Testing;
using LogPlatform.Storage.Writing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;

namespace Realtime.Gateway.Tests.Servers;

/// <summary>
/// A real Redis and PostgreSQL (schema applied), and one gateway in-process on a TestServer that is already relaying the
/// live channel. Logs reach it as they do from the worker: rows in PostgreSQL, then their batch published on Redis.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string Token = "test-token";
    /// <summary>The operators' key (<c>X-Admin-Key</c>) of every gateway the fixture starts: changes to alerting need it.</summary>
    public const string AdminKey = "test-admin-key";
    public const string AllowedOrigin = "http://allowed.test";

    /// <summary>A development page's origin on the allow-list, written with <c>localhost</c>; its <c>127.0.0.1</c> twin is allowed too.</summary>
    public const string DevelopmentOrigin = "http://localhost:5173";

    private LogServers servers = null!;

    public TestAppModel Servers => servers.Model;
    public string RedisConnection => servers.RedisConnection;
    public string PostgresConnection => servers.PostgresConnection;
    public ConnectionMultiplexer Redis { get; private set; } = null!;
    public NpgsqlDataSource Database { get; private set; } = null!;

    /// <summary>Commits as the analysis service does: patterns, counts, anomalies and its checkpoint.</summary>
    public CommittedAnalysis Analysis { get; private set; } = null!;

    /// <summary>The shared gateway with default settings.</summary>
    public WebApplicationFactory<Program> Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        servers = await LogServers.StartAsync();
        Redis = await ConnectionMultiplexer.ConnectAsync(RedisConnection + ",abortConnect=false");
        Database = NpgsqlDataSource.Create(PostgresConnection);
        Analysis = new CommittedAnalysis(Database, Redis);
        Gateway = await StartGatewayAsync();
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Database.DisposeAsync();
        await Redis.DisposeAsync();
        await servers.DisposeAsync();
    }

    /// <summary>A gateway on a TestServer with these settings on top of the test ones, relaying live logs when returned.</summary>
    public async Task<WebApplicationFactory<Program>> StartGatewayAsync(params (string Key, string Value)[] settings)
    {
        var factory = Configure(new WebApplicationFactory<Program>(), settings);
        _ = factory.Server; // starts the host and its hosted services
        await WaitUntilRelayingAsync(application => ConnectAsync(factory, $"/ws/logs?format=native&application={application}"));
        return factory;
    }

    /// <summary>A gateway on Kestrel (real sockets, so real back-pressure and WebSocket keep-alive), relaying when returned.</summary>
    public async Task<KestrelGateway> StartKestrelGatewayAsync(params (string Key, string Value)[] settings)
    {
        var factory = Configure(new WebApplicationFactory<Program>(), settings);
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = new Uri(factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var gateway = new KestrelGateway(factory, address);
        await WaitUntilRelayingAsync(application => gateway.ConnectAsync($"/ws/logs?format=native&application={application}"));
        return gateway;
    }

    private WebApplicationFactory<Program> Configure(WebApplicationFactory<Program> factory, (string Key, string Value)[] settings)
        => factory.WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:redis", RedisConnection);
            web.UseSetting("ConnectionStrings:logs", PostgresConnection);
            web.UseSetting("Gateway:Tokens:0", Token);
            web.UseSetting("Admin:Key", AdminKey);
            web.UseSetting("Gateway:AllowedOrigins:0", AllowedOrigin);
            web.UseSetting("Gateway:AllowedOrigins:1", DevelopmentOrigin);
            foreach (var (key, value) in settings) web.UseSetting(key, value);
        });

    /// <summary>A WebSocket to a TestServer gateway; the token goes in the query unless the path has one or <paramref name="token"/> is null.</summary>
    public static async Task<LiveSocket> ConnectAsync(WebApplicationFactory<Program> factory, string pathAndQuery, string? token = Token, string? origin = null)
    {
        var client = factory.Server.CreateWebSocketClient();
        client.ConfigureRequest = request =>
        {
            if (origin is not null) request.Headers.Origin = origin;
        };
        var uri = new Uri(new Uri("ws://localhost"), WithToken(pathAndQuery, token));
        using var timeout = new CancellationTokenSource(LiveSocket.DefaultTimeout);
        return new LiveSocket(await client.ConnectAsync(uri, timeout.Token));
    }

    /// <summary>An HTTP client of a TestServer gateway that sends the token as a Bearer header.</summary>
    public static HttpClient CreateClient(WebApplicationFactory<Program> factory, string? token = Token)
    {
        var client = factory.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30);
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>An HTTP client with the stream token and the admin key (<c>X-Admin-Key</c>), for changes to alerting.</summary>
    public static HttpClient CreateAdminClient(WebApplicationFactory<Program> factory, string adminKey = AdminKey)
    {
        var client = CreateClient(factory);
        client.DefaultRequestHeaders.Add("X-Admin-Key", adminKey);
        return client;
    }

    public static string WithToken(string pathAndQuery, string? token)
    {
        if (token is null || pathAndQuery.Contains("access_token=", StringComparison.Ordinal)) return pathAndQuery;
        return pathAndQuery + (pathAndQuery.Contains('?') ? '&' : '?') + "access_token=" + Uri.EscapeDataString(token);
    }

    /// <summary>Stores the logs as the worker does (ids from PostgreSQL's sequence) and returns them with their ids.</summary>
    public async Task<LogEvent[]> StoreAsync(params LogEvent[] logs)
    {
        var writer = new LogBatchWriter(Database);
        var stored = await writer.WriteAsync([StreamEntryLogs.FromLogs($"test-{Guid.NewGuid():N}", logs)], CancellationToken.None);
        return [.. logs.Zip(stored.Ids, (log, id) => log with { Id = id })];
    }

    /// <summary>Publishes a batch on the live channel in the worker's format: a JSON array of stored logs.</summary>
    public async Task PublishAsync(IReadOnlyList<LogEvent> logs)
    {
        var message = JsonSerializer.SerializeToUtf8Bytes(logs.ToArray(), ContractsJsonContext.Default.LogEventArray);
        await Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisNames.LiveLogsChannel), message);
    }

    /// <summary>What the worker does after a commit: rows first, then the batch on the live channel.</summary>
    public async Task<LogEvent[]> StoreAndPublishAsync(params LogEvent[] logs)
    {
        var stored = await StoreAsync(logs);
        await PublishAsync(stored);
        return stored;
    }

    /// <summary>
    /// The gateway subscribes to Redis in the background after start: publish a probe until a client sees it, so a test's
    /// first publish is never lost to a subscription that is not there yet.
    /// </summary>
    private async Task WaitUntilRelayingAsync(Func<string, Task<LiveSocket>> connect)
    {
        var application = TestLogs.NewApplication("probe");
        await using var probe = await connect(application);
        await probe.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        var received = probe.NextAsync(TimeSpan.FromSeconds(20));
        while (!received.IsCompleted)
        {
            await PublishAsync([TestLogs.Log(application, "probe") with { Id = 1 }]);
            await Task.WhenAny(received, Task.Delay(100));
        }
        Assert.Equal(EnvelopeTypes.Logs, (await received).GetProperty("type").GetString());
    }
}

/// <summary>A gateway on Kestrel: its base address, WebSockets over real sockets.</summary>
public sealed class KestrelGateway(WebApplicationFactory<Program> factory, Uri address) : IAsyncDisposable
{
    public WebApplicationFactory<Program> Factory { get; } = factory;
    public Uri Address { get; } = address;

    /// <param name="receiveBufferBytes">A small socket receive buffer makes a client that does not read fall behind sooner.</param>
    public async Task<LiveSocket> ConnectAsync(string pathAndQuery, string? token = GatewayFixture.Token, int? receiveBufferBytes = null)
    {
        var socket = new ClientWebSocket();
        var uri = new Uri(new Uri($"ws://{Address.Authority}"), GatewayFixture.WithToken(pathAndQuery, token));
        using var timeout = new CancellationTokenSource(LiveSocket.DefaultTimeout);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                if (receiveBufferBytes is { } bytes) tcp.ReceiveBufferSize = bytes;
                await tcp.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(tcp, ownsSocket: true);
            },
        };
        await socket.ConnectAsync(uri, new HttpMessageInvoker(handler), timeout.Token);
        return new LiveSocket(socket);
    }

    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayFixture.Token);
        return client;
    }

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    // One after another: several tests start their own gateways and real sockets, on 2 cores.
    public const string Name = "gateway";
}
