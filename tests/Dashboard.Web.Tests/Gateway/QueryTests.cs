using Dashboard.Web.Gateway;
using Dashboard.Web.Search;
using LogPlatform.Contracts;

namespace Dashboard.Web.Tests.Gateway;

public class QueryTests
{
    [Fact]
    public void An_empty_filter_sends_no_parameters()
    {
        Assert.True(LiveFilter.None.IsEmpty);
        Assert.Equal("", LiveFilter.None.ToQueryString());
    }

    [Fact]
    public void Filters_become_the_gateways_parameters_escaped()
    {
        var filter = new LiveFilter { MinLevel = LogSeverity.Warn, Source = " web-01 ", Application = "billing api", Text = "a&b=c" };

        Assert.Equal("min_level=warn&source=web-01&application=billing%20api&q=a%26b%3Dc", filter.ToQueryString());
    }

    [Fact]
    public void A_fresh_tail_asks_for_recent_history_and_a_resumed_one_for_what_it_missed()
    {
        var filter = new LiveFilter { Source = "api" };

        Assert.Equal("source=api&history=100", GatewayStreamClient.BuildQuery(filter, lastLogId: 0, history: 100));
        Assert.Equal("source=api&after_id=4711", GatewayStreamClient.BuildQuery(filter, lastLogId: 4711, history: 100));
        Assert.Equal("", GatewayStreamClient.BuildQuery(LiveFilter.None, lastLogId: 0, history: 0));
    }

    [Fact]
    public void The_websocket_address_follows_the_gateways_scheme()
    {
        Assert.Equal("ws://127.0.0.1:5020/ws?format=native&min_level=error", GatewayEndpoint.WebSocketUri(new Uri("http://127.0.0.1:5020"), "min_level=error").ToString());
        Assert.Equal("wss://gw.example/ws?format=native", GatewayEndpoint.WebSocketUri(new Uri("https://gw.example/"), "").ToString());
    }

    [Fact]
    public void A_search_adds_the_time_range_and_the_page()
    {
        var query = new SearchQuery
        {
            Filter = new LiveFilter { Application = "shop" },
            From = new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.FromHours(1)),
            To = new DateTimeOffset(2026, 11, 25, 5, 30, 0, TimeSpan.Zero),
            Limit = 50,
            Cursor = "abc/1",
        };

        Assert.Equal("application=shop&from=2026-11-25T05%3A00%3A00.0000000Z&to=2026-11-25T05%3A30%3A00.0000000Z&limit=50&cursor=abc%2F1", query.ToQueryString());
        Assert.Equal("application=shop&from=2026-11-25T05%3A00%3A00.0000000Z&to=2026-11-25T05%3A30%3A00.0000000Z", query.ToQueryString(paging: false));
    }

    [Fact]
    public void A_scope_property_is_sent_as_its_own_name_and_read_from_the_first_non_reserved_parameter()
    {
        var filter = new LiveFilter { Property = new ScopeProperty("job_run_id", "run 42") };

        Assert.False(filter.IsEmpty);
        Assert.Equal(filter, new LiveFilter { Property = new ScopeProperty("job_run_id", "run 42") });
        Assert.Equal("job_run_id=run%2042&history=1000", GatewayStreamClient.BuildQuery(filter, lastLogId: 0, history: 1000));
        Assert.Equal(new ScopeProperty("job_run_id", "run 42"), Dashboard.Web.Components.Pages.Scope.ScopeOf("?limit=5&job_run_id=run%2042&x=1"));
        Assert.Null(Dashboard.Web.Components.Pages.Scope.ScopeOf("?limit=5&application=shop"));
        Assert.Null(Dashboard.Web.Components.Pages.Scope.ScopeOf(""));
    }
}
