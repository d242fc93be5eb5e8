using System.Text.Json;
using AppHost.Tests.EndToEnd;
using LogPlatform.Contracts;
using Microsoft.Playwright;
using StackExchange.Redis;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Browser;

/// <summary>
/// An anomaly published on <c>anomalies:live</c> (where the analysis service publishes) reaches the dashboard through the
/// gateway's <c>/ws</c> without a reload: at the top of the Anomalies page, as a toast and a chart mark on the Live page.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AnomaliesLiveTests(PlatformFixture platform, BrowserFixture browser) : DashboardPageTest(platform, browser), IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_published_anomaly_appears_live_on_the_anomaliesPage_and_raises_a_toast_and_a_mark_on_the_livePage()
    {
        var application = "anomalies-" + Guid.NewGuid().ToString("N")[..8];
        await Page.GotoAsync("/anomalies");
        await Page.GetByTestId("anomalies-application").FillAsync(application);
        await Page.GetByTestId("anomalies-apply").ClickAsync();
        await Expect(Page.GetByTestId("anomalies-empty")).ToContainTextAsync("No anomalies found");
        await Expect(Page.GetByTestId("connection-badge").First).ToHaveAttributeAsync("data-state", "Live");

        // Another tab of the same browser: another session, another connection to the gateway.
        var live = await Context.NewPageAsync();
        await live.GotoAsync("/");
        await Expect(live.GetByTestId("connection-badge").First).ToHaveAttributeAsync("data-state", "Live");

        var now = DateTimeOffset.UtcNow;
        var anomaly = new Anomaly
        {
            Id = Guid.CreateVersion7(now).ToString(),
            Kind = AnomalyKinds.ErrorBurst,
            Score = 0.93,
            Severity = "critical",
            Application = application,
            Source = "browser-test",
            Observed = 42,
            Expected = 2,
            Reasons = ["42 errors in one minute where 2 are usual"],
            Suggestions = ["compare with the deploy at " + now.AddMinutes(-2).ToString("HH:mm")],
            WindowStart = now.AddMinutes(-1),
            WindowEnd = now,
            DetectedAt = now,
        };
        await using (var redis = await ConnectionMultiplexer.ConnectAsync((await Platform.App.GetConnectionStringAsync("redis"))!))
        {
            var receivers = await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisNames.LiveAnomaliesChannel),
                JsonSerializer.Serialize(anomaly, ContractsJsonContext.Default.Anomaly));
            Assert.True(receivers > 0, "the gateway listens on anomalies:live");
        }

        // The toast lasts 10 s, so it is looked at first.
        var toast = live.GetByTestId("anomaly-toast").And(live.Locator($"[data-id='{anomaly.Id}']"));
        await Expect(toast).ToBeVisibleAsync();
        await Expect(toast).ToContainTextAsync("error_burst");
        await Expect(toast).ToContainTextAsync("42 errors in one minute");
        await Expect(toast.GetByTestId("anomaly-toast-link")).ToHaveAttributeAsync("href", "anomalies");
        var mark = live.GetByTestId("throughput-chart").Locator($"[data-testid=anomaly-mark][data-id='{anomaly.Id}']");
        await Expect(mark).ToHaveCountAsync(1);
        await Expect(mark.Locator("title")).ToHaveTextAsync("error_burst 0.93");

        var row = Page.GetByTestId("anomaly-row").And(Page.Locator($"[data-id='{anomaly.Id}']"));
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToHaveAttributeAsync("data-live", "true");
        await Expect(row.GetByTestId("anomaly-score-value")).ToHaveTextAsync("0.93");
        await Expect(row.GetByTestId("anomaly-reasons")).ToContainTextAsync("42 errors in one minute where 2 are usual");
        await Expect(row.GetByTestId("anomaly-suggestions")).ToContainTextAsync("compare with the deploy");
        await Expect(Page.GetByTestId("anomaly-score-chart").Locator($"[data-testid=anomaly-score][data-id='{anomaly.Id}']")).ToHaveCountAsync(1);

        // A click on the row opens the logs around its window in Search.
        // The page re-renders its rows on every refresh (3 s): a click landing as its row is replaced is lost, so it is
        // tried again (the navigation itself is client-side, so it waits for the URL, not for a load event).
        var search = new System.Text.RegularExpressions.Regex(@"/search\?from=.*&to=.*&application=" + application);
        for (var attempt = 1; ; attempt++)
        {
            await row.Locator("td").Nth(1).ClickAsync();
            try
            {
                await Page.WaitForURLAsync(search, new() { Timeout = 15_000, WaitUntil = WaitUntilState.Commit });
                break;
            }
            catch (TimeoutException) when (attempt < 4)
            {
            }
        }

        // The toast leaves by itself. Checked last: while it waits, anomalies the running analysis finds in
        // other tests' logs can push this one off the page's list.
        await Expect(toast).ToHaveCountAsync(0, new() { Timeout = 30_000 });
    }
}
