extern alias gateway;

using System.Net;
using System.Net.Sockets;
using Dashboard.Web.Tests.Servers;
using LogPlatform.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using Npgsql;
using StackExchange.Redis;
using StreamClient = gateway::Realtime.Gateway.Streaming.StreamClient;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// The real dashboard and the real gateway (their own Programs, each on Kestrel), over a real Redis and PostgreSQL with the
/// logs schema (<see cref="LogServers"/>), configured as the AppHost wires them; logs reach them as they do from the worker
/// (<see cref="CommittedLogs"/>). Debian's Chromium driven by Playwright (Playwright's browser download cannot work here;
/// LOGPLATFORM_CHROMIUM overrides the path). Started once, shared by the browser tests of this project and by the tests that
/// need the real gateway (the stream client, the drawer's pattern line), so the project starts one PostgreSQL.
/// </summary>
public sealed class DashboardSite : IAsyncLifetime
{
    /// <summary>The stream token: the gateway's <c>Gateway:Tokens:0</c> and the dashboard's <c>Dashboard:GatewayToken</c>, as the AppHost's parameter.</summary>
    private const string Token = "browser-test-token";
    private const string AdminKey = "browser-test-admin-key";

    private LogServers? _servers;
    private ConnectionMultiplexer? _redis;
    private NpgsqlDataSource? _database;
    private DashboardFactory? _dashboard;
    private IPlaywright? _playwright;

    public CommittedLogs Logs { get; private set; } = null!;
    public CommittedAnalysis Analysis { get; private set; } = null!;
    /// <summary>The gateway the dashboard talks to; other tests of the collection may use it too (and must leave it running).</summary>
    public GatewayServer Gateway { get; private set; } = null!;
    /// <summary>The settings of <see cref="Gateway"/>, for a test that needs a gateway of its own over the same servers.</summary>
    public GatewaySettings GatewaySettings { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseUri { get; private set; } = null!;
    public Uri GatewayUri { get; private set; } = null!;

    /// <summary>The stream clients connected to the gateway now (the dashboard's sessions among them), as the gateway sees them.</summary>
    public ICollection<StreamClient> GatewayClients => Gateway.Clients;

    public async Task InitializeAsync()
    {
        _servers = await LogServers.StartAsync();
        _redis = await ConnectionMultiplexer.ConnectAsync(_servers.RedisConnection + ",abortConnect=false");
        _database = NpgsqlDataSource.Create(_servers.PostgresConnection);
        Logs = new CommittedLogs(_database, _redis);
        Analysis = new CommittedAnalysis(_database, _redis);

        // The dashboard's address first: it is the origin the gateway allows (Gateway__AllowedOrigins__0 in the AppHost).
        var port = FreePort();
        BaseUri = new Uri($"http://localhost:{port}");

        GatewaySettings = new GatewaySettings(_servers.RedisConnection, _servers.PostgresConnection, Token) { AdminKey = AdminKey, AllowedOrigin = BaseUri };
        Gateway = new GatewayServer(GatewaySettings, Logs);
        await Gateway.StartAsync();
        GatewayUri = Gateway.Uri;

        _dashboard = new DashboardFactory(GatewayUri);
        _dashboard.UseKestrel(port);
        _dashboard.StartServer();

        // The first request compiles the pages and the gateway's first queries: done here, not inside a test's timeout.
        using (var warmUp = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromMinutes(1) })
        {
            (await warmUp.GetAsync("/")).EnsureSuccessStatusCode();
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
        // Expect(...) waits 5 s unless told otherwise: too short for a first render on a loaded 2-core machine.
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    /// <summary>Generated logs through the worker's path at <paramref name="perSecond"/> until the pump is disposed.</summary>
    public LoadPump Pump(int perSecond) => new(Logs, perSecond);

    /// <summary>A fresh context and page on the dashboard, with patient timeouts for a loaded 2-core machine.</summary>
    public async Task<IPage> NewPageAsync(string? colorScheme = null)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseUri.ToString(),
            AcceptDownloads = true,
            ColorScheme = colorScheme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
            TimezoneId = "Europe/Paris",
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_dashboard is not null) await _dashboard.DisposeAsync();
        if (Gateway is not null) await Gateway.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        if (_redis is not null) await _redis.DisposeAsync();
        if (_servers is not null) await _servers.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The dashboard with the settings the AppHost gives it: the gateway's endpoint, the stream token, the admin key.</summary>
    private sealed class DashboardFactory(Uri gateway) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("services:gateway:http:0", gateway.ToString().TrimEnd('/'));
            builder.UseSetting("Dashboard:GatewayToken", Token);
            builder.UseSetting("Dashboard:AdminKey", AdminKey);
            builder.UseSetting("Dashboard:AspireDashboardUrl", "http://aspire.example:18888");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:Polly", "Warning");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardSiteCollection : ICollectionFixture<DashboardSite>
{
    public const string Name = "dashboard site";
}
