using LogPlatform.Contracts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>The layout's theme (system preference, toggle remembered in localStorage) and time-zone toggles, in Chromium.</summary>
[Collection(DashboardSiteCollection.Name)]
public sealed class LayoutTests(DashboardSite site) : IAsyncLifetime
{
    private const string LightBackground = "rgb(245, 247, 250)";
    private const string DarkBackground = "rgb(15, 20, 27)";
    private readonly List<IBrowserContext> _contexts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts) await context.DisposeAsync();
    }

    private async Task<IPage> OpenAsync(string path, string colorScheme)
    {
        var page = await site.NewPageAsync(colorScheme);
        _contexts.Add(page.Context);
        await page.GotoAsync(path);
        await Expect(page.GetByTestId("connection-badge").First).ToHaveAttributeAsync("data-state", "Live");
        return page;
    }

    private static Task<string> BackgroundAsync(IPage page) => page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

    [Fact]
    public async Task The_theme_follows_the_system_setting_until_the_toggle_chooses_and_the_choice_survives_a_reload()
    {
        var dark = await OpenAsync("/", "dark");
        Assert.Equal(DarkBackground, await BackgroundAsync(dark));
        var light = await OpenAsync("/", "light");
        Assert.Equal(LightBackground, await BackgroundAsync(light));

        await light.GetByTestId("theme-toggle").ClickAsync();
        await Expect(light.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        Assert.Equal(DarkBackground, await BackgroundAsync(light));

        await light.ReloadAsync();
        await Expect(light.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        Assert.Equal(DarkBackground, await BackgroundAsync(light));

        await light.GetByTestId("theme-toggle").ClickAsync();
        await Expect(light.Locator("html")).ToHaveAttributeAsync("data-theme", "light");
        Assert.Equal(LightBackground, await BackgroundAsync(light));
    }

    [Fact]
    public async Task Times_show_in_the_viewers_time_zone_with_a_utc_toggle_that_is_remembered()
    {
        var page = await OpenAsync("/", "light"); // the browser's zone is Europe/Paris (UTC+1 in December)
        await Expect(page.GetByTestId("utc-toggle")).ToContainTextAsync("Europe/Paris");
        var message = "time-zone probe " + Guid.NewGuid().ToString("N");
        await site.Logs.StoreAndPublishAsync(new LogEvent
        {
            Message = message, Level = LogSeverity.Warn, Source = "tz", Application = "tz",
            Timestamp = new DateTimeOffset(2026, 12, 3, 8, 0, 0, 123, TimeSpan.Zero), ReceivedAt = DateTimeOffset.UtcNow,
        });

        var time = page.GetByTestId("log-row").Filter(new() { HasText = message }).Locator("td.ts");
        await Expect(time).ToHaveTextAsync("09:00:00.123");
        await Expect(page.GetByTestId("time-header")).ToContainTextAsync("local");

        await page.GetByTestId("utc-toggle").ClickAsync();
        await Expect(time).ToHaveTextAsync("08:00:00.123");
        await Expect(page.GetByTestId("time-header")).ToContainTextAsync("UTC");

        // Remembered in this browser: a new session starts in UTC.
        await page.ReloadAsync();
        await Expect(page.GetByTestId("utc-toggle")).ToContainTextAsync("UTC");
    }

    [Theory]
    [InlineData(1280, 800)]  // a laptop
    [InlineData(1024, 700)]  // a small laptop window: the top bar wraps
    [InlineData(2560, 1440)] // a wide monitor
    public async Task Pages_fit_the_width_without_sideways_scrolling(int width, int height)
    {
        var page = await OpenAsync("/", "light");
        await page.SetViewportSizeAsync(width, height);
        await site.Logs.StoreAndPublishAsync(new LogEvent
        {
            Level = LogSeverity.Info, Source = "a-rather-long-source-name-for-the-column",
            Application = "layout", Message = new string('x', 2_000), Timestamp = DateTimeOffset.UtcNow, ReceivedAt = DateTimeOffset.UtcNow,
        });
        await Expect(page.GetByTestId("log-row").First).ToBeVisibleAsync();
        foreach (var path in (string[])["/", "/search", "/scope?job_run_id=layout", "/patterns", "/anomalies"])
        {
            if (path != "/") await page.GotoAsync(path);
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{path} at {width}x{height} scrolls sideways by {overflow} px");
        }
    }
}
