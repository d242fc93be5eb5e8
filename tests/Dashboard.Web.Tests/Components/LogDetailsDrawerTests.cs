using System.Collections.Concurrent;
using Bunit;
using Dashboard.Web.Components.Shared;
using Dashboard.Web.Gateway;
using LogPlatform.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Web.Tests.Components;

/// <summary>
/// The pattern line of the details drawer, over real sockets against a stand-in gateway that answers
/// <c>GET /api/v1/logs/{id}/pattern</c> as the gateway does (the shape its own integration tests pin down): a pattern, a
/// 404 problem, a failure, and an answer that waits.
/// </summary>
public sealed class LogDetailsDrawerTests : DashboardTestContext, IAsyncLifetime
{
    private const long Mined = 1, NotMined = 2, Failing = 3, Slow = 4;
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly TaskCompletionSource _slowAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _gateway = null!;

    /// <summary>bunit waits 1 s by default: too short for a loopback request on a loaded 2-core machine.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _gateway = builder.Build();
        _gateway.MapGet("/api/v1/logs/{id:long}/pattern", async (long id, HttpContext context) =>
        {
            _requests.Enqueue(context.Request.Path + " " + context.Request.Headers.Authorization);
            if (id == Slow) await _slowAnswer.Task.WaitAsync(context.RequestAborted);
            return id switch
            {
                Mined or Slow => Results.Text(PatternJson, "application/json"),
                NotMined => Results.Problem(statusCode: 404, title: "Pattern not found", detail: $"Log {id} is not mined yet.",
                    extensions: new Dictionary<string, object?> { ["reason"] = "not_mined_yet" }),
                _ => Results.Problem(statusCode: 500, title: "database away"),
            };
        });
        await _gateway.StartAsync();
        var api = new GatewayApiClient(new HttpClient { BaseAddress = new Uri(_gateway.Urls.First()), Timeout = TimeSpan.FromSeconds(10) },
            Microsoft.Extensions.Options.Options.Create(TestFeed.Options()), Time);
        Services.AddSingleton(api);
    }

    // The bunit context itself is disposed by xunit after this (IDisposable).
    async Task IAsyncLifetime.DisposeAsync()
    {
        _slowAnswer.TrySetResult();
        await _gateway.DisposeAsync();
    }

    private const string PatternJson = """
        {"id":"00c0ffee00c0ffee","application":"billing","template":"payment declined for order <*>",
         "first_seen":"2026-11-25T04:00:00Z","last_seen":"2026-11-25T04:59:00Z","count":1234,"window_count":40,
         "window_levels":{"error":40},"minutes_from":"2026-11-25T04:00:00Z","minutes":[1,2,3],"example_log_ids":[1],"sources":["api"]}
        """;

    private static LogEvent Log(long id) => new()
    {
        Id = id, Application = "billing", Source = "api", Level = LogSeverity.Error, Message = "payment declined for order A-1001",
        Timestamp = new DateTimeOffset(2026, 11, 25, 4, 59, 0, TimeSpan.Zero),
    };

    [Fact]
    public void Shows_the_template_linking_to_the_logs_of_the_pattern_loaded_once_when_the_drawer_opens()
    {
        Assert.Empty(_requests);
        var drawer = Render<LogDetails>(p => p.Add(d => d.Log, Log(Mined)));

        drawer.WaitForAssertion(() => Assert.Equal("Found", drawer.Find("[data-testid=log-pattern]").GetAttribute("data-state")), Patience);
        var link = drawer.Find("[data-testid=log-pattern-link]");
        Assert.Equal("payment declined for order <*>", link.TextContent);
        Assert.Equal("search?pattern=00c0ffee00c0ffee", link.GetAttribute("href"));
        Assert.Contains("1,234 logs since 2026-11-25", drawer.Find("[data-testid=log-pattern-count]").TextContent);
        Assert.Equal("patterns", drawer.Find("[data-testid=log-pattern-all]").GetAttribute("href"));
        Assert.Equal(["/api/v1/logs/1/pattern Bearer t"], _requests);

        // Rendering again for the same log asks nothing more.
        drawer.Render(p => p.Add(d => d.Log, Log(Mined)));
        Assert.Single(_requests);
    }

    [Fact]
    public void A_log_not_mined_yet_says_so_quietly_and_another_log_loads_its_own_pattern()
    {
        var drawer = Render<LogDetails>(p => p.Add(d => d.Log, Log(NotMined)));

        drawer.WaitForAssertion(() => Assert.Equal("None", drawer.Find("[data-testid=log-pattern]").GetAttribute("data-state")), Patience);
        Assert.Equal("no pattern mined yet", drawer.Find("[data-testid=log-pattern]").TextContent.Trim());
        Assert.Empty(drawer.FindAll("[data-testid=log-pattern-link]"));

        drawer.Render(p => p.Add(d => d.Log, Log(Mined)));
        drawer.WaitForAssertion(() => Assert.Equal("Found", drawer.Find("[data-testid=log-pattern]").GetAttribute("data-state")), Patience);
        Assert.Equal(2, _requests.Count);
    }

    [Fact]
    public void A_failing_gateway_quiets_the_pattern_line_and_leaves_the_rest_of_the_drawer()
    {
        var drawer = Render<LogDetails>(p => p.Add(d => d.Log, Log(Failing)));

        drawer.WaitForAssertion(() => Assert.Equal("Unavailable", drawer.Find("[data-testid=log-pattern]").GetAttribute("data-state")), Patience);
        Assert.Equal("unavailable", drawer.Find("[data-testid=log-pattern]").TextContent.Trim());
        Assert.Contains("500", drawer.Find("[data-testid=log-pattern] span").GetAttribute("title"));
        Assert.Equal("payment declined for order A-1001", drawer.Find("[data-testid=field-message]").TextContent);
        Assert.Equal("billing", drawer.Find("[data-testid=field-application]").TextContent);
    }

    [Fact]
    public void The_drawer_opens_at_once_and_fills_in_the_pattern_when_it_arrives()
    {
        var drawer = Render<LogDetails>(p => p.Add(d => d.Log, Log(Slow)));

        Assert.Equal("Loading", drawer.Find("[data-testid=log-pattern]").GetAttribute("data-state"));
        Assert.Equal("payment declined for order A-1001", drawer.Find("[data-testid=field-message]").TextContent);
        _slowAnswer.SetResult();
        drawer.WaitForAssertion(() => Assert.Equal("Found", drawer.Find("[data-testid=log-pattern]").GetAttribute("data-state")), Patience);
    }

    [Fact]
    public void A_log_without_a_stored_id_asks_nothing()
    {
        var drawer = Render<LogDetails>(p => p.Add(d => d.Log, Log(0)));

        Assert.Equal("None", drawer.Find("[data-testid=log-pattern]").GetAttribute("data-state"));
        Assert.Empty(_requests);
    }
}
