using Xunit.Abstractions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>Clicks on the live page stay responsive while 5,000 logs/s arrive (issue #12).</summary>
[Collection(DashboardSiteCollection.Name)]
public sealed class LiveUnderLoadTests(DashboardSite site, ITestOutputHelper output)
{
    private const int LogsPerSecond = 5_000;

    [Fact]
    public async Task Pause_and_resume_take_effect_quickly_at_5000_logs_per_second()
    {
        var page = await site.NewPageAsync();
        await using var context = page.Context;
        await page.GotoAsync("/");
        await Expect(page.GetByTestId("connection-badge").First).ToHaveAttributeAsync("data-state", "Live");

        await using (var pump = site.Pump(LogsPerSecond))
        {
            // Let the load settle: the tail fills and the page renders at its steady pace.
            await Expect(page.GetByTestId("log-row").First).ToBeVisibleAsync();
            await Task.Delay(3_000);

            var (sentBefore, batchesBefore, pumpedBefore) = (pump.Sent, pump.Batches, pump.Elapsed);
            var receivedBefore = await ReceivedAsync(page);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var latencies = new List<double>();
            for (var i = 0; i < 10; i++)
            {
                latencies.Add(await ClickAndWaitAsync(page, "Resume"));
                await Task.Delay(300);
                latencies.Add(await ClickAndWaitAsync(page, "Pause"));
                await Task.Delay(300);
            }
            var meta = await page.GetByTestId("tail-meta").InnerTextAsync();
            var (sent, batches) = (pump.Sent - sentBefore, pump.Batches - batchesBefore);
            var published = sent / (pump.Elapsed - pumpedBefore).TotalSeconds;
            var delivered = (ReceivedOf(meta) - receivedBefore) / watch.Elapsed.TotalSeconds;
            latencies.Sort();
            var median = latencies[latencies.Count / 2];
            var figures = $"click -> visible state at {LogsPerSecond}/s: median {median:0} ms, p90 {latencies[(int)(latencies.Count * 0.9)]:0} ms, " +
                          $"max {latencies[^1]:0} ms ({latencies.Count} clicks); stored and published {published:0} logs/s " +
                          $"({batches} batches of {sent / Math.Max(batches, 1)} on average, Redis -> gateway), received by the page {delivered:0} logs/s; page: {meta}; load average {LoadAverage()}";
            output.WriteLine(figures);
            Console.WriteLine("[LiveUnderLoad] " + figures);
            // The load is real: the worker's path carried most of the rate to the page while it was clicked (a CI machine
            // running the whole platform beside this test got 4,100 of 5,000 logs/s through). How fast the clicks took effect
            // is a figure, printed above, not a pass mark; a click that did not take effect within 20 s failed the test already.
            Assert.True(published >= LogsPerSecond * 0.6, $"the pump stored and published only {published:0} logs/s");
            Assert.True(delivered >= LogsPerSecond * 0.5, $"the page received only {delivered:0} logs/s");
        }
    }

    /// <summary>The machine's 1, 5 and 15 minute load averages (Linux), for reading the figures beside.</summary>
    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>The page's own count of logs received ("N received" in the tail's meta line).</summary>
    private static async Task<long> ReceivedAsync(IPage page) => ReceivedOf(await page.GetByTestId("tail-meta").InnerTextAsync());

    private static long ReceivedOf(string meta)
    {
        var match = System.Text.RegularExpressions.Regex.Match(meta, @"([\d,.\u00a0\u202f ]+) received");
        Assert.True(match.Success, $"no received count in '{meta}'");
        return long.Parse(new string([.. match.Groups[1].Value.Where(char.IsAsciiDigit)]));
    }

    /// <summary>Clicks the pause toggle in the page and returns the ms until its label shows <paramref name="label"/>.</summary>
    private static Task<double> ClickAndWaitAsync(IPage page, string label) => page.EvaluateAsync<double>("""
        label => new Promise((resolve, reject) => {
            const toggle = () => document.querySelector('[data-testid=pause-toggle]');
            const start = performance.now();
            toggle().click();
            const check = () => {
                if (toggle().textContent.includes(label)) resolve(performance.now() - start);
                else if (performance.now() - start > 20000) reject(new Error('no ' + label + ' within 20 s'));
                else requestAnimationFrame(check);
            };
            check();
        })
        """, label);
}
