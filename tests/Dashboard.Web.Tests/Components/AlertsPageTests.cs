using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Bunit;
using Dashboard.Web.Alerts;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Components;

public class AlertsPageTests : DashboardTestContext
{
    public AlertsPageTests()
    {
        // A gateway that is down: a loopback port nobody listens on (taken and released), so every request is refused at once.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var closed = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}");
        probe.Stop();
        var options = TestFeed.Options();
        Services.AddSingleton(new AlertsApiClient(new HttpClient { BaseAddress = closed }, Microsoft.Extensions.Options.Options.Create(options)));
        // The page marks itself ready once interactive (the browser tests wait for it).
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", true));
    }

    [Fact]
    public void Lists_alerts_as_they_arrive_newest_first()
    {
        var page = Render<Dashboard.Web.Components.Pages.Alerts>();
        Assert.Single(page.FindAll("[data-testid=alerts-empty]"));

        using var alert = JsonDocument.Parse("""{"severity":"error","message":"error rate 12% in billing"}""");
        using var system = JsonDocument.Parse("""{"message":"no consumers in group writers"}""");
        using var rule = JsonDocument.Parse("""{"kind":"rule","alert_id":"a","rule_id":"r","rule_name":"shop errors","state":"firing","severity":"critical","message":"12 logs in 300 s (more than 10)"}""");
        Feed.OnAlert(AlertEntry.From(alert.RootElement, isSystem: false, Time.GetUtcNow()));
        Feed.OnAlert(AlertEntry.From(system.RootElement, isSystem: true, Time.GetUtcNow()));
        Feed.OnAlert(AlertEntry.From(rule.RootElement, isSystem: false, Time.GetUtcNow()));
        Tick();

        // The page also loads its panels (from a gateway that refuses): the paced render may queue behind theirs.
        page.WaitForAssertion(() =>
        {
            var items = page.FindAll("[data-testid=alert]");
            Assert.Equal(3, items.Count);
            Assert.Contains("12 logs in 300 s", items[0].TextContent);
            Assert.Contains("rule", items[0].ClassList);
            Assert.Contains("no consumers in group writers", items[1].TextContent);
            Assert.Contains("system", items[1].ClassList);
            Assert.DoesNotContain("rule", items[1].ClassList);
            Assert.Contains("error rate 12% in billing", items[2].TextContent);
            Assert.Contains("\"severity\": \"error\"", items[2].QuerySelector("pre")!.TextContent);
        }, TimeSpan.FromSeconds(10));

        // The next one shows at the next tick: the page lets the pacer know each render was applied.
        Feed.OnAlert(AlertEntry.From(alert.RootElement, isSystem: false, Time.GetUtcNow()));
        Tick();
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=alert]").Count), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Each_section_says_why_it_is_empty_when_the_gateway_cannot_be_reached_and_changes_are_off_without_an_admin_key()
    {
        var page = Render<Dashboard.Web.Components.Pages.Alerts>();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("Could not load rules", page.Find("[data-testid=rules-error]").TextContent);
            Assert.Contains("Could not load incidents", page.Find("[data-testid=incidents-error]").TextContent);
            Assert.Contains("Could not load notification channels", page.Find("[data-testid=channels-error]").TextContent);
        }, TimeSpan.FromSeconds(10));
        Assert.StartsWith("No rules yet: create one", page.Find("[data-testid=rules-empty]").TextContent.Trim());
        Assert.StartsWith("No channels yet", page.Find("[data-testid=channels-empty]").TextContent.Trim());
        Assert.Contains("Dashboard:AdminKey", page.Find("[data-testid=alerts-read-only]").TextContent);
        Assert.True(page.Find("[data-testid=rule-new]").HasAttribute("disabled"));
        Assert.True(page.Find("[data-testid=channel-new]").HasAttribute("disabled"));
    }
}
