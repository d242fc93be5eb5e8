using System.Net;
using System.Net.Http.Json;
using AppHost.Tests.EndToEnd;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Browser;

/// <summary>The dashboard in a real browser against the whole running platform.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DashboardTests(PlatformFixture platform, BrowserFixture browser) : DashboardPageTest(platform, browser, patience: 30_000), IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task LivePage_connects_and_shows_posted_logs_and_moving_stats_without_a_reload()
    {
        var application = "live-" + Guid.NewGuid().ToString("N")[..8];
        await Page.GotoAsync("/");
        await Expect(Page.GetByTestId("connection-badge").First).ToHaveAttributeAsync("data-state", "Live");
        var storedCard = Page.GetByTestId("stat-total").Locator(".card-value");
        await Expect(storedCard).Not.ToHaveTextAsync("–");
        var storedBefore = await storedCard.InnerTextAsync();

        // A server-side filter narrows the tail to this test's application.
        await Page.GetByTestId("filter-application").FillAsync(application);
        await Page.GetByTestId("filter-apply").ClickAsync();

        await PostAsync(application, "error", "disk quota exceeded on /var/lib/data", "checkout started for cart 42");

        var rows = Page.GetByTestId("log-row");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Filter(new() { HasText = "disk quota exceeded on /var/lib/data" })).ToHaveCountAsync(1);
        await Expect(rows.Filter(new() { HasText = "checkout started for cart 42" })).ToHaveCountAsync(1);
        foreach (var id in await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.id)"))
            Assert.True(long.Parse(id) > 0, "each live row carries its database id");

        // Stats.Service publishes every 500 ms; the stored total on the card must catch up with our logs.
        await Expect(storedCard).Not.ToHaveTextAsync(storedBefore);
    }

    [Fact]
    public async Task Search_finds_stored_logs_shows_details_and_exports_them_as_text()
    {
        var application = "search-" + Guid.NewGuid().ToString("N")[..8];
        await PostAsync(application, "warn", "payment declined for order A-1001");
        var id = await WaitStoredAsync(application);
        // The analysis mines stored logs and commits every second: the drawer reads the pattern once, when it opens.
        await WaitMinedAsync(id);

        await Page.GotoAsync("/search");
        await Page.GetByTestId("filter-application").FillAsync(application);
        await Page.GetByTestId("filter-apply").ClickAsync();

        var row = Page.GetByTestId("log-row");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("payment declined for order A-1001");

        await row.ClickAsync();
        await Expect(Page.GetByTestId("log-detail")).ToContainTextAsync(application);
        // The pattern the analysis service mined from it, linking to its logs.
        await Expect(Page.GetByTestId("log-pattern")).ToHaveAttributeAsync("data-state", "Found");
        await Expect(Page.GetByTestId("log-pattern-link")).ToContainTextAsync("payment declined for order");
        await Expect(Page.GetByTestId("log-pattern-link")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^search\\?pattern=[0-9a-f]{16}$"));
        // The details drawer lies over the page's right side, where the export buttons are: closed first, as a user would.
        await Page.GetByTestId("log-detail-close").ClickAsync();
        await Expect(Page.GetByTestId("log-detail")).ToHaveCountAsync(0);

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByTestId("export-text").ClickAsync());
        var path = await download.PathAsync();
        var exported = await File.ReadAllTextAsync(path!);
        Assert.Contains("payment declined for order A-1001", exported);
        Assert.Single(exported.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_rejected_log_raises_a_system_alert_on_the_alertsPage_which_stays_after_a_reload()
    {
        await Page.GotoAsync("/alerts");
        await Expect(Page.GetByTestId("connection-badge").First).ToHaveAttributeAsync("data-state", "Live");

        using var ingest = Platform.App.CreateHttpClient("ingest");
        ingest.DefaultRequestHeaders.Add("X-Api-Key", Platform.IngestApiKey);
        var response = await ingest.PostAsJsonAsync("/logs", new { level = "info", source = "browser-test" }); // no message
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        // Stats.Service sees the rejected counter rise and publishes a system alert; the gateway relays it to the dashboard.
        var alert = Page.GetByTestId("alert").Filter(new() { HasText = "rejected by ingest" });
        await Expect(alert.First).ToBeVisibleAsync();
        await Expect(alert.First).ToContainTextAsync("system");

        // A screen opened later still shows it: the dashboard loads recent alerts from the gateway (alerts:history).
        await Page.ReloadAsync();
        await Expect(alert.First).ToBeVisibleAsync();
    }

    private async Task PostAsync(string application, string level, params string[] messages)
    {
        using var ingest = Platform.App.CreateHttpClient("ingest");
        ingest.DefaultRequestHeaders.Add("X-Api-Key", Platform.IngestApiKey);
        var response = await ingest.PostAsJsonAsync("/logs",
            messages.Select(message => new { level, source = "browser-test", application, message }).ToArray());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>Search reads PostgreSQL, so wait until the worker has stored the log (through the gateway's REST API); its id.</summary>
    private async Task<long> WaitStoredAsync(string application)
    {
        using var gateway = GatewayClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var page = await gateway.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/logs?application={application}", timeout.Token);
            if (page.GetProperty("items").GetArrayLength() > 0) return page.GetProperty("items")[0].GetProperty("id").GetInt64();
            await Task.Delay(100, timeout.Token);
        }
    }

    /// <summary>Waits until the gateway finds the stored pattern of log <paramref name="id"/> (a 404 until the analysis commits it).</summary>
    private async Task WaitMinedAsync(long id)
    {
        using var gateway = GatewayClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            using var response = await gateway.GetAsync($"/api/v1/logs/{id}/pattern", timeout.Token);
            if (response.IsSuccessStatusCode) return;
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            await Task.Delay(200, timeout.Token);
        }
    }

    private HttpClient GatewayClient()
    {
        var client = Platform.App.CreateHttpClient("gateway");
        client.DefaultRequestHeaders.Authorization = new("Bearer", Platform.StreamToken);
        return client;
    }
}
