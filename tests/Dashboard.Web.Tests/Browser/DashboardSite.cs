using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using LogPlatform.Testing;
using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// The real dashboard (its own Program, on Kestrel) against a <see cref="StandInGateway"/>, and Debian's Chromium driven by
/// Playwright (Playwright's browser download cannot work here; LOGPLATFORM_CHROMIUM overrides the path), shared by the
/// browser tests of this project.
/// </summary>
public sealed class DashboardSite : IAsyncLifetime
{
    private DashboardFactory? _dashboard;
    private IPlaywright? _playwright;

    public StandInGateway Gateway { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseUri { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Gateway = await StandInGateway.StartAsync();
        var port = FreePort();
        _dashboard = new DashboardFactory(Gateway.BaseUri);
        _dashboard.UseKestrel(port);
        _dashboard.StartServer();
        BaseUri = new Uri($"http://localhost:{port}");

        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

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
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class DashboardFactory(Uri gateway) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("services:gateway:http:0", gateway.ToString().TrimEnd('/'));
            builder.UseSetting("Dashboard:GatewayToken", "test-token");
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
