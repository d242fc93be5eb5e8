using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Bunit;
using Dashboard.Web.Components.Shared;
using Dashboard.Web.Gateway;
using Dashboard.Web.Tests.Browser;
using Dashboard.Web.Tests.Servers;
using LogPlatform.Contracts;
using LogPlatform.Storage.Analysis;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Components;

/// <summary>
/// The pattern line of the details drawer, asking the real gateway (<c>GET /api/v1/logs/{id}/pattern</c>) about logs stored
/// as the worker stores them and patterns committed as the analysis commits them; a gateway nobody answers on; and a slow
/// path to the real gateway.
/// </summary>
[Collection(DashboardSiteCollection.Name)]
public sealed class LogDetailsDrawerTests(DashboardSite site) : DashboardTestContext
{
    private const string Template = "payment declined for order <*>";
    private readonly string _application = "drawer-" + Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentQueue<string> _requests = new();

    /// <summary>bunit waits 1 s by default: too short for a loopback request on a loaded 2-core machine.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly DateTimeOffset FirstSeen = Now.AddHours(-1);

    /// <summary>The drawer's API client, as the dashboard configures it, towards <paramref name="gateway"/>; its requests are recorded on their way.</summary>
    private void UseGateway(Uri gateway)
    {
        var options = TestFeed.Options();
        options.GatewayToken = site.Gateway.Token;
        var http = new HttpClient(new Recorder(_requests) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(10),
        };
        Services.AddSingleton(new GatewayApiClient(http, Microsoft.Extensions.Options.Options.Create(options), Time));
    }

    private LogEvent Log(string message) => new()
    {
        Application = _application, Source = "api", Level = LogSeverity.Error, Message = message,
        Timestamp = Now.AddMinutes(-1), ReceivedAt = Now.AddMinutes(-1),
    };

    /// <summary>A log stored, and mined by the analysis into a pattern of 1,234 logs (the checkpoint moved past it).</summary>
    private async Task<(LogEvent Log, long PatternId)> MinedAsync()
    {
        var log = (await site.Logs.StoreAsync(Log("payment declined for order A-1001")))[0];
        var id = Random.Shared.NextInt64(1, long.MaxValue);
        await site.Analysis.CommitPatternsAsync(
            [new PatternRow(id, _application, Template, FirstSeen, Now.AddMinutes(5), 1234, [log.Id], ["api"])],
            [new MinuteCount(id, PatternQueries.Minute(log.Timestamp), (short)LogSeverity.Error, 40)],
            minedUpTo: log.Id);
        return (log, id);
    }

    [Fact]
    public async Task Shows_the_template_linking_to_the_logs_of_the_pattern_loaded_once_when_the_drawer_opens()
    {
        var (log, patternId) = await MinedAsync();
        UseGateway(site.GatewayUri);
        Assert.Empty(_requests);
        var drawer = Render<LogDetails>(p => p.Add(d => d.Log, log));

        drawer.WaitForAssertion(() => Assert.Equal("Found", drawer.Find("[data-testid=log-pattern]").GetAttribute("data-state")), Patience);
        var link = drawer.Find("[data-testid=log-pattern-link]");
        Assert.Equal(Template, link.TextContent);
        Assert.Equal($"search?pattern={unchecked((ulong)patternId):x16}", link.GetAttribute("href"));
        Assert.Contains($"1,234 logs since {FirstSeen.UtcDateTime:yyyy-MM-dd HH:mm}", drawer.Find("[data-testid=log-pattern-count]").TextContent);
        Assert.Equal("patterns", drawer.Find("[data-testid=log-pattern-all]").GetAttribute("href"));
        Assert.Equal([$"/api/v1/logs/{log.Id}/pattern Bearer {site.Gateway.Token}"], _requests);

        // Rendering again for the same log asks nothing more.
        drawer.Render(p => p.Add(d => d.Log, log));
        Assert.Single(_requests);
    }

    [Fact]
    public async Task A_log_not_mined_yet_says_so_quietly_and_another_log_loads_its_own_pattern()
    {
        var (mined, _) = await MinedAsync();
        // Stored after the analysis's checkpoint, and no stored template matches it: the gateway says it is not mined yet
        // (a 404 with that reason).
        var fresh = (await site.Logs.StoreAsync(Log("refund issued for order A-1002")))[0];
        UseGateway(site.GatewayUri);
        var drawer = Render<LogDetails>(p => p.Add(d => d.Log, fresh));

        drawer.WaitForAssertion(() => Assert.Equal("None", drawer.Find("[data-testid=log-pattern]").GetAttribute("data-state")), Patience);
        Assert.Equal("no pattern mined yet", drawer.Find("[data-testid=log-pattern]").TextContent.Trim());
        Assert.Empty(drawer.FindAll("[data-testid=log-pattern-link]"));

        drawer.Render(p => p.Add(d => d.Log, mined));
        drawer.WaitForAssertion(() => Assert.Equal("Found", drawer.Find("[data-testid=log-pattern]").GetAttribute("data-state")), Patience);
        Assert.Equal(2, _requests.Count);
    }

    [Fact]
    public void An_unreachable_gateway_quiets_the_pattern_line_and_leaves_the_rest_of_the_drawer()
    {
        // A gateway that is down: a loopback port nobody listens on (taken and released), so the request is refused at once.
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            UseGateway(new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}"));
            probe.Stop();
        }
        var drawer = Render<LogDetails>(p => p.Add(d => d.Log, Log("payment declined for order A-1003") with { Id = 3 }));

        drawer.WaitForAssertion(() => Assert.Equal("Unavailable", drawer.Find("[data-testid=log-pattern]").GetAttribute("data-state")), Patience);
        Assert.Equal("unavailable", drawer.Find("[data-testid=log-pattern]").TextContent.Trim());
        Assert.StartsWith("Could not load the pattern: Connection refused", drawer.Find("[data-testid=log-pattern] span").GetAttribute("title"));
        Assert.Equal("payment declined for order A-1003", drawer.Find("[data-testid=field-message]").TextContent);
        Assert.Equal(_application, drawer.Find("[data-testid=field-application]").TextContent);
    }

    [Fact]
    public async Task The_drawer_opens_at_once_and_fills_in_the_pattern_when_it_arrives()
    {
        var (log, _) = await MinedAsync();
        await using var slow = new HeldPath(site.GatewayUri);
        UseGateway(slow.Uri);
        var drawer = Render<LogDetails>(p => p.Add(d => d.Log, log));

        Assert.Equal("Loading", drawer.Find("[data-testid=log-pattern]").GetAttribute("data-state"));
        Assert.Equal("payment declined for order A-1001", drawer.Find("[data-testid=field-message]").TextContent);
        // The request is on its way (the path holds its connection) and the line still waits for it.
        drawer.WaitForAssertion(() => Assert.Equal(1, slow.Accepted), Patience);
        Assert.Equal("Loading", drawer.Find("[data-testid=log-pattern]").GetAttribute("data-state"));

        slow.Release();
        drawer.WaitForAssertion(() => Assert.Equal("Found", drawer.Find("[data-testid=log-pattern]").GetAttribute("data-state")), Patience);
        Assert.Equal(Template, drawer.Find("[data-testid=log-pattern-link]").TextContent);
    }

    [Fact]
    public void A_log_without_a_stored_id_asks_nothing()
    {
        UseGateway(site.GatewayUri);
        var drawer = Render<LogDetails>(p => p.Add(d => d.Log, Log("payment declined for order A-1004")));

        Assert.Equal("None", drawer.Find("[data-testid=log-pattern]").GetAttribute("data-state"));
        Assert.Empty(_requests);
    }

    /// <summary>Notes each request the drawer's client sends (path and credentials), then sends it on unchanged.</summary>
    private sealed class Recorder(ConcurrentQueue<string> requests) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            requests.Enqueue(request.RequestUri!.AbsolutePath + " " + request.Headers.Authorization);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
