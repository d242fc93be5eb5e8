using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AppHost.Tests.EndToEnd;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Browser;

/// <summary>The Patterns and Anomalies pages in a real browser, fed by the running analysis service through the gateway.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AnalysisPagesTests(PlatformFixture platform, BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const float Patience = 60_000;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _context = await browser.Browser.NewContextAsync(new() { BaseURL = platform.App.GetEndpoint("dashboard").ToString() });
        _context.SetDefaultTimeout(Patience);
        SetDefaultExpectTimeout(Patience);
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task Mined_patterns_show_on_the_patterns_page_and_a_click_opens_their_logs_in_search()
    {
        var application = "patterns-" + Guid.NewGuid().ToString("N")[..8];
        await PostAsync(application, Enumerable.Range(0, 12).Select(i => $"user {1000 + i} logged in from 10.0.0.{i}").ToArray());
        var patternId = await WaitPatternAsync(application);

        await _page.GotoAsync("/patterns");
        await _page.GetByTestId("patterns-application").FillAsync(application);
        await _page.GetByTestId("patterns-apply").ClickAsync();

        var row = _page.GetByTestId("patterns-top").Locator($"[data-testid=pattern-row][data-id='{patternId}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("logged in from");
        await Expect(row.GetByTestId("pattern-count")).ToHaveTextAsync("12");
        await Expect(row.Locator("svg.sparkline polyline")).ToHaveAttributeAsync("points", new System.Text.RegularExpressions.Regex(@"\d"));
        await Expect(_page.GetByTestId("patterns-new").Locator($"[data-id='{patternId}']")).ToBeVisibleAsync();

        await row.GetByTestId("pattern-link").ClickAsync();
        await _page.WaitForURLAsync($"**/search?pattern={patternId}");
        await Expect(_page.GetByTestId("search-pattern")).ToContainTextAsync(patternId);
        await Expect(_page.GetByTestId("log-row")).ToHaveCountAsync(12);
        await Expect(_page.GetByTestId("log-row").First).ToContainTextAsync("logged in from");
    }

    [Fact]
    public async Task The_anomalies_page_shows_its_empty_state_for_an_application_without_anomalies()
    {
        await _page.GotoAsync("/anomalies");
        await _page.GetByTestId("anomalies-application").FillAsync("quiet-" + Guid.NewGuid().ToString("N")[..8]);
        await _page.GetByTestId("anomalies-apply").ClickAsync();

        await Expect(_page.GetByTestId("anomalies-empty")).ToHaveTextAsync("No anomalies found.");
        await Expect(_page.GetByTestId("anomaly-row")).ToHaveCountAsync(0);
        await Expect(_page.GetByTestId("anomalies-error")).ToHaveCountAsync(0);
    }

    private async Task PostAsync(string application, string[] messages)
    {
        using var ingest = platform.App.CreateHttpClient("ingest");
        ingest.DefaultRequestHeaders.Add("X-Api-Key", platform.IngestApiKey);
        var response = await ingest.PostAsJsonAsync("/logs",
            messages.Select(message => new { level = "info", source = "browser-test", application, message }).ToArray());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>The id of the application's pattern once the analysis service has mined all its logs (through the gateway's REST API).</summary>
    private async Task<string> WaitPatternAsync(string application)
    {
        using var gateway = platform.App.CreateHttpClient("gateway");
        gateway.DefaultRequestHeaders.Authorization = new("Bearer", platform.StreamToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (true)
        {
            var page = await gateway.GetFromJsonAsync<JsonElement>($"/api/v1/patterns?application={application}", timeout.Token);
            var items = page.GetProperty("items");
            if (items.GetArrayLength() == 1 && items[0].GetProperty("count").GetInt64() == 12) return items[0].GetProperty("id").GetString()!;
            await Task.Delay(250, timeout.Token);
        }
    }
}
