using System.Text.Json;
using LogPlatform.Contracts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>The log details drawer, from the Search page and from the live tail, in Chromium.</summary>
[Collection(DashboardSiteCollection.Name)]
public sealed class LogDetailsTests(DashboardSite site) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await site.NewPageAsync();

    public async Task DisposeAsync() => await _page.Context.DisposeAsync();

    private static LogEvent Log(string application, string message) => new()
    {
        Application = application, Source = "billing-api", Level = LogSeverity.Error, Message = message,
        TraceId = "4bf92f3577b34da6a3ce929d0e0e4736", SpanId = "00f067aa0ba902b7",
        Properties = JsonDocument.Parse("""{"job_run_id": "jr-42", "attempt": 3, "tags": ["a", "b"]}""").RootElement.Clone(),
        Timestamp = new DateTimeOffset(2026, 12, 3, 7, 30, 0, 250, TimeSpan.Zero), ReceivedAt = new DateTimeOffset(2026, 12, 3, 7, 30, 1, TimeSpan.Zero),
    };

    [Fact]
    public async Task A_search_result_opens_a_drawer_with_every_field_its_properties_and_links_around_and_to_the_trace()
    {
        var application = "drawer-" + Guid.NewGuid().ToString("N")[..8];
        await site.Logs.StoreAsync(Log(application, "payment declined for order A-1001"));

        await _page.GotoAsync("/search?application=" + application);
        var row = _page.GetByTestId("log-row");
        await Expect(row).ToHaveCountAsync(1);
        await row.ClickAsync();

        var drawer = _page.GetByTestId("log-detail");
        await Expect(drawer).ToBeVisibleAsync();
        await Expect(drawer.GetByTestId("field-application")).ToHaveTextAsync(application);
        await Expect(drawer.GetByTestId("field-source")).ToHaveTextAsync("billing-api");
        await Expect(drawer.GetByTestId("field-message")).ToHaveTextAsync("payment declined for order A-1001");
        await Expect(drawer.GetByTestId("field-trace")).ToContainTextAsync("4bf92f3577b34da6a3ce929d0e0e4736");
        await Expect(drawer.GetByTestId("field-timestamp")).ToContainTextAsync("2026-12-03 08:30:00.250"); // Europe/Paris
        await Expect(drawer.GetByTestId("property-job_run_id")).ToHaveTextAsync("jr-42");
        await Expect(drawer.GetByTestId("property-attempt")).ToHaveTextAsync("3");
        await Expect(drawer.GetByTestId("property-tags")).ToContainTextAsync("[\"a\",\"b\"]");
        await Expect(drawer.GetByTestId("property-job_run_id").Locator("a")).ToHaveAttributeAsync("href", "scope?job_run_id=jr-42");
        await Expect(drawer.GetByTestId("trace-link")).ToHaveAttributeAsync("href", "http://aspire.example:18888/traces/detail/4bf92f3577b34da6a3ce929d0e0e4736");
        await Expect(drawer.GetByTestId("logs-around")).ToHaveAttributeAsync("href",
            $"search?from=2026-12-03T07%3A29%3A00Z&to=2026-12-03T07%3A31%3A00Z&application={application}");

        // Logs around it: the Search page on that window and application, which finds the log again.
        await drawer.GetByTestId("logs-around").ClickAsync();
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("search\\?from="));
        await Expect(_page.GetByTestId("log-row")).ToHaveCountAsync(1);

        await _page.GetByTestId("log-row").ClickAsync();
        await _page.GetByTestId("log-detail-close").ClickAsync();
        await Expect(_page.GetByTestId("log-detail")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_live_row_opens_the_same_drawer()
    {
        await _page.GotoAsync("/");
        await Expect(_page.GetByTestId("connection-badge").First).ToHaveAttributeAsync("data-state", "Live");
        var message = "live drawer probe " + Guid.NewGuid().ToString("N");
        await site.Logs.StoreAndPublishAsync(Log("live-drawer", message));

        await _page.GetByTestId("log-row").Filter(new() { HasText = message }).ClickAsync();

        var drawer = _page.GetByTestId("log-detail");
        await Expect(drawer.GetByTestId("field-message")).ToHaveTextAsync(message);
        await Expect(drawer.GetByTestId("trace-link")).ToBeVisibleAsync();
    }
}
