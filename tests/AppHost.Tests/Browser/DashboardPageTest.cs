using AppHost.Tests.EndToEnd;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Browser;

/// <summary>
/// A fresh browser context and page on the running platform's dashboard for each test, with patient timeouts: Playwright's
/// own (5 s for Expect) are too short on a loaded 2-core CI machine.
/// </summary>
public abstract class DashboardPageTest(PlatformFixture platform, BrowserFixture browser, float patience = 60_000) : IAsyncLifetime
{
    protected PlatformFixture Platform => platform;
    protected IBrowserContext Context { get; private set; } = null!;
    protected IPage Page { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = platform.App.GetEndpoint("dashboard").ToString(),
            AcceptDownloads = true,
        });
        Context.SetDefaultTimeout(patience);
        SetDefaultExpectTimeout(patience);
        Page = await Context.NewPageAsync();
    }

    public async Task DisposeAsync() => await Context.DisposeAsync();
}
