using Microsoft.Playwright;

namespace LogPlatform.Testing;

/// <summary>
/// Debian's Chromium driven by Playwright, the same way for every browser test: Playwright's own browser download cannot
/// work here, so the installed binary is used (LOGPLATFORM_CHROMIUM overrides its path).
/// </summary>
public static class Chromium
{
    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        var executable = Environment.GetEnvironmentVariable("LOGPLATFORM_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(executable))
            throw new InvalidOperationException($"Chromium not found at {executable}: install it with 'apt-get install -y chromium' (test.sh does).");
        return await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = executable,
            Headless = true,
            // Root in CI cannot use the sandbox; the rest keeps Chromium from calling home or using a GPU.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }
}
