using Bunit;
using Dashboard.Web.Components.Pages;
using Dashboard.Web.Gateway;
using Dashboard.Web.Tests.Live;
using LogPlatform.Contracts;

namespace Dashboard.Web.Tests.Components;

public class LivePageTests() : DashboardTestContext(tailCapacity: 10)
{
    private long[] RowIds(IRenderedComponent<Dashboard.Web.Components.Pages.Live> page)
        => page.FindAll("[data-testid=live-tail] tr[data-testid=log-row]").Select(r => long.Parse(r.GetAttribute("data-id")!)).ToArray();

    [Fact]
    public void Opens_the_sessions_stream()
    {
        Render<Dashboard.Web.Components.Pages.Live>();

        Assert.Equal(1, Stream.StartCalls);
    }

    [Fact]
    public void New_logs_appear_without_reload_and_the_tail_keeps_only_the_last_n()
    {
        var page = Render<Dashboard.Web.Components.Pages.Live>();
        Assert.Empty(RowIds(page));

        Feed.OnLogs(TailBufferTests.Logs(1, 25));
        Tick();

        Assert.Equal(Enumerable.Range(16, 10).Reverse().Select(i => (long)i), RowIds(page));
        Assert.Contains("showing 10 of the last 10 · 25 received", page.Find("[data-testid=tail-meta]").TextContent);
    }

    [Fact]
    public void Rows_carry_level_colours()
    {
        var page = Render<Dashboard.Web.Components.Pages.Live>();

        Feed.OnLogs([new LogEvent { Id = 1, Level = LogSeverity.Error, Message = "boom" }, new LogEvent { Id = 2, Level = LogSeverity.Warn, Message = "hmm" }]);
        Tick();

        Assert.Equal(["level-warn", "level-error"], page.FindAll("[data-testid=live-tail] .level").Select(l => l.ClassList.Single(c => c.StartsWith("level-", StringComparison.Ordinal))));
    }

    [Fact]
    public void Pause_freezes_the_tail_and_counts_arrivals_and_resume_catches_up()
    {
        var page = Render<Dashboard.Web.Components.Pages.Live>();
        Feed.OnLogs(TailBufferTests.Logs(1, 3));
        Tick();

        page.Find("[data-testid=pause-toggle]").Click();
        Feed.OnLogs(TailBufferTests.Logs(4, 5));
        Tick();

        Assert.Equal([3L, 2, 1], RowIds(page));
        Assert.Contains("5 new logs arrived", page.Find("[data-testid=paused-notice]").TextContent);
        Assert.Contains("Resume", page.Find("[data-testid=pause-toggle]").TextContent);

        page.Find("[data-testid=pause-toggle]").Click();

        Assert.Equal([8L, 7, 6, 5, 4, 3, 2, 1], RowIds(page));
        Assert.Empty(page.FindAll("[data-testid=paused-notice]"));
    }

    [Fact]
    public void The_filter_form_sends_the_filter_to_the_gateway()
    {
        var page = Render<Dashboard.Web.Components.Pages.Live>();

        page.Find("[data-testid=filter-level]").Change("error");
        page.Find("[data-testid=filter-source]").Change("web-01");
        page.Find("[data-testid=filter-application]").Change("billing");
        page.Find("[data-testid=filter-text]").Change("timeout");
        page.Find("[data-testid=filter-form]").Submit();

        var filter = Assert.Single(Stream.Changes);
        Assert.Equal(new LiveFilter { MinLevel = LogSeverity.Error, Source = "web-01", Application = "billing", Text = "timeout" }, filter);
        Assert.Equal("min_level=error&source=web-01&application=billing&q=timeout", filter.ToQueryString());

        page.Find("[data-testid=filter-clear]").Click();
        Assert.Equal(LiveFilter.None, Stream.Changes[^1]);
    }

    [Fact]
    public void The_highlight_term_is_marked_in_messages()
    {
        var page = Render<Dashboard.Web.Components.Pages.Live>();
        Feed.OnLogs([new LogEvent { Id = 1, Message = "Payment Timeout after 30s" }]);
        Tick();

        page.Find("[data-testid=highlight]").Input("timeout");

        Assert.Equal("Timeout", page.Find("[data-testid=live-tail] mark").TextContent);
    }

    [Fact]
    public void Shows_the_badge_and_a_dropped_notice()
    {
        var page = Render<Dashboard.Web.Components.Pages.Live>();
        Assert.Equal("Connecting", page.Find("[data-testid=connection-badge]").GetAttribute("data-state"));

        Feed.SetState(ConnectionState.Live);
        Feed.OnDropped(120);
        Tick();

        Assert.Equal("Live", page.Find("[data-testid=connection-badge]").GetAttribute("data-state"));
        Assert.Contains("skipped 120 logs", page.Find("[data-testid=dropped-notice]").TextContent);
    }

    [Fact]
    public void Stats_updates_reach_the_cards_and_the_chart()
    {
        var page = Render<Dashboard.Web.Components.Pages.Live>();

        Feed.OnStats(new LiveStats { TotalMessages = 42, MessagesPerSecond = 10, Timestamp = Time.GetUtcNow() });
        Tick();

        Assert.Equal("42", page.Find("[data-testid=stat-total] .card-value").TextContent);
        Assert.False(string.IsNullOrEmpty(page.Find("polyline.stored").GetAttribute("points")));
    }

    [Fact]
    public void A_burst_of_batches_is_rendered_once_per_tick()
    {
        var page = Render<Dashboard.Web.Components.Pages.Live>();
        var before = page.RenderCount;

        for (var i = 0; i < 500; i++) Feed.OnLogs(TailBufferTests.Logs(i * 10 + 1, 10));
        Time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal(before + 1, page.RenderCount);
        Assert.Equal(4_991, RowIds(page)[^1]);
    }

    [Fact]
    public void Counts_by_level_include_logs_that_arrived_while_paused()
    {
        var page = Render<Dashboard.Web.Components.Pages.Live>();
        Feed.OnLogs([new LogEvent { Id = 1, Level = LogSeverity.Error }, new LogEvent { Id = 2, Level = LogSeverity.Info }]);
        Tick();
        page.Find("[data-testid=pause-toggle]").Click();
        Feed.OnLogs([new LogEvent { Id = 3, Level = LogSeverity.Error }]);
        Tick();

        Assert.Equal("2", page.Find("[data-testid=level-count-error]").GetAttribute("data-count"));
        Assert.Equal("1", page.Find("[data-testid=level-count-info]").GetAttribute("data-count"));
        Assert.Equal("0", page.Find("[data-testid=level-count-fatal]").GetAttribute("data-count"));
    }
}
