using Microsoft.Playwright;

namespace AppHost.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright, one browser for the dashboard tests. Playwright's own browser
/// download cannot work here, so the installed binary is used (LOGPLATFORM_CHROMIUM overrides its path).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("LOGPLATFORM_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(executable))
            throw new InvalidOperationException($"Chromium not found at {executable}: install it with 'apt-get install -y chromium' (test.sh does).");

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = executable,
            Headless = true,
            // Root in CI cannot use the sandbox; the rest keeps Chromium from calling home or using a GPU.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
