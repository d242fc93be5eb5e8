using System.Text.Json;
using LogPlatform.Contracts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>The per-scope page (<c>/scope?job_run_id=X</c>): stored history, then live, auto-scroll, download; in Chromium.</summary>
[Collection(DashboardSiteCollection.Name)]
public sealed class ScopePageTests(DashboardSite site) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await site.NewPageAsync();

    public async Task DisposeAsync() => await _page.Context.DisposeAsync();

    private static LogEvent Log(string jobRun, string message) => new()
    {
        Application = "jobs", Source = "runner", Level = LogSeverity.Info, Message = message,
        Timestamp = DateTimeOffset.UtcNow, ReceivedAt = DateTimeOffset.UtcNow,
        Properties = JsonDocument.Parse($$"""{"job_run_id": "{{jobRun}}", "step": 1}""").RootElement.Clone(),
    };

    private string[] Messages(IEnumerable<LogEvent> logs) => logs.Select(l => l.Message).ToArray();

    [Fact]
    public async Task Shows_the_stored_logs_of_the_scope_oldest_first_then_the_live_ones_and_downloads_them()
    {
        var run = "jr-" + Guid.NewGuid().ToString("N")[..8];
        var stored = await site.Logs.StoreAsync([.. Enumerable.Range(1, 3).Select(i => Log(run, $"{run} step {i} done"))]);
        await site.Logs.StoreAsync(Log("jr-other", "another run's log"));

        await _page.GotoAsync("/scope?job_run_id=" + run);
        var rows = _page.GetByTestId("scope-logs").GetByTestId("log-row");
        await Expect(rows).ToHaveCountAsync(3);
        Assert.Equal(Messages(stored), await rows.Locator("td.msg").AllInnerTextsAsync());
        await Expect(_page.Locator("main").GetByTestId("connection-badge")).ToHaveAttributeAsync("data-state", "Live");

        // Live: the stream's filter is the scope, so only this run's new log arrives, after the stored ones.
        var live = (await site.Logs.StoreAndPublishAsync(Log("jr-other", "not this run"), Log(run, $"{run} step 4 done")))[1];
        await Expect(rows).ToHaveCountAsync(4);
        await Expect(rows.Last).ToContainTextAsync(live.Message);
        // The gateway itself holds a stream filtered on the scope: the filtering is not the page's own.
        Assert.Contains(site.GatewayClients, c => c.Filter.Properties.Contains(KeyValuePair.Create("job_run_id", run)));

        var download = await _page.RunAndWaitForDownloadAsync(() => _page.GetByTestId("scope-download").ClickAsync());
        var text = await File.ReadAllTextAsync((await download.PathAsync())!);
        // The gateway's text export, newest first: "<timestamp> <LEVEL> [application/source] <message>" per log.
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.Contains(" INFO  [jobs/runner] ", line, StringComparison.Ordinal));
        Assert.Equal([.. Messages(stored.Append(live)).Reverse()], lines.Select(line => line[(line.IndexOf("] ", StringComparison.Ordinal) + 2)..]));
    }

    [Fact]
    public async Task Follows_new_logs_to_the_bottom_until_the_toggle_is_off()
    {
        var run = "jr-" + Guid.NewGuid().ToString("N")[..8];
        await _page.GotoAsync("/scope?job_run_id=" + run);
        await Expect(_page.Locator("main").GetByTestId("connection-badge")).ToHaveAttributeAsync("data-state", "Live");
        await Expect(_page.GetByTestId("scope-logs").Locator("xpath=following-sibling::p[@class='empty']")).ToContainTextAsync("No log with job_run_id");

        await site.Logs.StoreAndPublishAsync([.. Enumerable.Range(1, 150).Select(i => Log(run, $"line {i}"))]);
        var rows = _page.GetByTestId("scope-logs").GetByTestId("log-row");
        await Expect(rows).ToHaveCountAsync(150);
        await EventuallyAsync(AtBottomAsync, "scrolled to the newest log");

        await _page.GetByTestId("autoscroll").UncheckAsync();
        await _page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await site.Logs.StoreAndPublishAsync([.. Enumerable.Range(151, 50).Select(i => Log(run, $"line {i}"))]);
        await Expect(rows).ToHaveCountAsync(200);
        await Task.Delay(500); // a render or two later, still where the reader left it
        Assert.Equal(0, await _page.EvaluateAsync<double>("() => window.scrollY"));
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Not reached within 20 s: " + what);
            await Task.Delay(50);
        }
    }

    private Task<bool> AtBottomAsync()
        => _page.EvaluateAsync<bool>("() => window.scrollY > 0 && window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2");

    [Fact]
    public async Task Without_a_scope_it_says_how_to_open_one()
    {
        await _page.GotoAsync("/scope");
        await Expect(_page.GetByTestId("scope-empty")).ToContainTextAsync("/scope?job_run_id=");
    }
}
