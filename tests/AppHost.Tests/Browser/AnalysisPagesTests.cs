using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AppHost.Tests.EndToEnd;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Browser;

/// <summary>The Patterns and Anomalies pages in a real browser, fed by the running analysis service through the gateway.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AnalysisPagesTests(PlatformFixture platform, BrowserFixture browser) : DashboardPageTest(platform, browser), IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Mined_patterns_show_on_the_patternsPage_and_a_click_opens_their_logs_in_search()
    {
        var application = "patterns-" + Guid.NewGuid().ToString("N")[..8];
        await PostAsync(application, Enumerable.Range(0, 12).Select(i => $"user {1000 + i} logged in from 10.0.0.{i}").ToArray());
        var patternId = await WaitPatternAsync(application);

        await Page.GotoAsync("/patterns");
        await Page.GetByTestId("patterns-application").FillAsync(application);
        await Page.GetByTestId("patterns-apply").ClickAsync();

        var row = Page.GetByTestId("patterns-top").Locator($"[data-testid=pattern-row][data-id='{patternId}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("logged in from");
        await Expect(row.GetByTestId("pattern-count")).ToHaveTextAsync("12");
        await Expect(row.Locator("svg.sparkline polyline")).ToHaveAttributeAsync("points", new System.Text.RegularExpressions.Regex(@"\d"));
        await Expect(Page.GetByTestId("patterns-new").Locator($"[data-id='{patternId}']")).ToBeVisibleAsync();

        await row.GetByTestId("pattern-link").ClickAsync();
        await Page.WaitForURLAsync($"**/search?pattern={patternId}");
        await Expect(Page.GetByTestId("search-pattern")).ToContainTextAsync(patternId);
        await Expect(Page.GetByTestId("log-row")).ToHaveCountAsync(12);
        await Expect(Page.GetByTestId("log-row").First).ToContainTextAsync("logged in from");
    }

    [Fact]
    public async Task The_anomaliesPage_shows_its_empty_state_for_an_application_without_anomalies()
    {
        await Page.GotoAsync("/anomalies");
        await Page.GetByTestId("anomalies-application").FillAsync("quiet-" + Guid.NewGuid().ToString("N")[..8]);
        await Page.GetByTestId("anomalies-apply").ClickAsync();

        await Expect(Page.GetByTestId("anomalies-empty")).ToContainTextAsync("No anomalies found");
        await Expect(Page.GetByTestId("anomaly-row")).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("anomalies-error")).ToHaveCountAsync(0);
    }

    private async Task PostAsync(string application, string[] messages)
    {
        using var ingest = Platform.App.CreateHttpClient("ingest");
        ingest.DefaultRequestHeaders.Add("X-Api-Key", Platform.IngestApiKey);
        var response = await ingest.PostAsJsonAsync("/logs",
            messages.Select(message => new { level = "info", source = "browser-test", application, message }).ToArray());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>The id of the application's pattern once the analysis service has mined all its logs (through the gateway's REST API).</summary>
    private async Task<string> WaitPatternAsync(string application)
    {
        using var gateway = Platform.App.CreateHttpClient("gateway");
        gateway.DefaultRequestHeaders.Authorization = new("Bearer", Platform.StreamToken);
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
