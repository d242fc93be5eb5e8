using System.Text.Json;
using Dashboard.Web.Anomalies;
using Dashboard.Web.Gateway;
using Dashboard.Web.Live;
using Dashboard.Web.Tests.Browser;
using Dashboard.Web.Tests.Servers;
using LogPlatform.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Dashboard.Web.Tests.Gateway;

/// <summary>
/// The stream client over real sockets against the real gateway (over the real Redis and PostgreSQL of the collection, logs
/// stored and published as the worker does): connect, receive, lose the gateway, come back, change filters. Each test has
/// an application of its own, so the other tests' logs in the shared database are not its own.
/// </summary>
[Collection(DashboardSiteCollection.Name)]
public sealed class GatewayStreamClientTests(DashboardSite site) : IAsyncLifetime
{
    private const int TailHistory = 25;
    private readonly string _application = "stream-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<ServiceProvider> _providers = [];
    private GatewayServer? _ownGateway;

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Connects_with_the_token_and_the_filter_and_feeds_the_session()
    {
        // More matching logs than the history asked for, and logs the filter leaves out (a lower level, another application).
        var matching = await site.Logs.StoreAsync([.. Enumerable.Range(1, TailHistory + 5).Select(i => Log($"disk {i}% full", i % 2 == 0 ? LogSeverity.Warn : LogSeverity.Error))]);
        await site.Logs.StoreAsync(Log("disk check ok", LogSeverity.Info), Log("disk 99% full", LogSeverity.Error, application: "stream-other"));
        await using var scope = Services(site.Gateway).CreateAsyncScope();
        var (client, feed) = Session(scope);

        client.ChangeFilter(new LiveFilter { MinLevel = LogSeverity.Warn, Application = _application });

        // The history: the newest matching logs, as many as the dashboard asks for, newest first.
        await Eventually(() => feed.State == ConnectionState.Live && feed.Tail().Logs.Length == TailHistory);
        Assert.Equal(matching.Select(l => l.Id).Reverse().Take(TailHistory), feed.Tail().Logs.Select(l => l.Id));
        // The gateway holds a combined stream with that filter (it took the token, or there would be no stream).
        var stream = Assert.Single(site.Gateway.Clients, c => c.Filter.Application == _application);
        Assert.Equal(LogSeverity.Warn, stream.Filter.MinLevel);
        Assert.True(stream.WantsLogs && stream.WantsStats && stream.WantsAnomalies);

        // Live: only what the filter lets through, on top of the tail.
        var live = await site.Logs.StoreAndPublishAsync(Log("disk check ok", LogSeverity.Info), Log("disk 100% full", LogSeverity.Error),
            Log("disk 100% full", LogSeverity.Error, application: "stream-other"));
        await Eventually(() => feed.Tail().Logs.Length == TailHistory + 1);
        Assert.Equal(live[1].Id, feed.Tail().Logs[0].Id);

        // Stats published as Stats.Service publishes them reach the session through the same stream.
        var total = Random.Shared.NextInt64(1, long.MaxValue);
        await PublishStatsAsync(new LiveStats { TotalMessages = total, Timestamp = DateTimeOffset.UtcNow });
        await Eventually(() => feed.Stats?.TotalMessages == total);
    }

    [Fact]
    public async Task Keeps_reconnecting_while_the_gateway_is_down_and_resumes_after_the_last_log()
    {
        // A gateway of its own, over the same servers: the one the dashboard site talks to must stay up.
        _ownGateway = new GatewayServer(site.GatewaySettings, site.Logs);
        await _ownGateway.StartAsync();
        var before = await site.Logs.StoreAsync(Log("one"), Log("two"), Log("three"));
        await using var scope = Services(_ownGateway).CreateAsyncScope();
        var (client, feed) = Session(scope);
        client.ChangeFilter(new LiveFilter { Application = _application });
        await Eventually(() => feed.State == ConnectionState.Live && feed.Tail().Logs.Length == 3);

        await _ownGateway.StopAsync();
        await Eventually(() => feed.State == ConnectionState.Offline && feed.NextAttemptAt is not null);
        // The old client gave up after five failed attempts; this one keeps going.
        await Eventually(() => feed.FailedAttempts >= 7);
        // Committed while no gateway relays them: only a reconnect that asks for what came after its last log gets them all
        // (a fresh history would bring back only the newest 25).
        var whileDown = await site.Logs.StoreAndPublishAsync([.. Enumerable.Range(1, TailHistory + 5).Select(i => Log($"missed {i}"))]);

        await _ownGateway.StartAsync(); // the same port again

        await Eventually(() => feed.State == ConnectionState.Live && feed.Tail().Logs.Length == 3 + whileDown.Length);
        Assert.Equal(before.Concat(whileDown).Select(l => l.Id).Reverse(), feed.Tail().Logs.Select(l => l.Id));
        Assert.Single(_ownGateway.Clients, c => c.Filter.Application == _application);
    }

    [Fact]
    public async Task Anomalies_arrive_live_on_the_combined_stream_and_recent_stored_ones_are_backfilled()
    {
        var stored = Anomaly(score: 0.4, detectedAt: DateTimeOffset.UtcNow.AddMinutes(-5));
        await site.Analysis.CommitAnomaliesAsync(announce: false, stored);
        await using var scope = Services(site.Gateway).CreateAsyncScope();
        var (client, feed) = Session(scope);
        client.ChangeFilter(new LiveFilter { Application = _application });
        await Eventually(() => Ours(feed).Any(a => a.Anomaly.Id == stored.Id));
        await Eventually(() => site.Gateway.Clients.Any(c => c.Filter.Application == _application));

        // Found by the analysis now: stored, then announced, as the analysis does.
        var live = Anomaly(score: 0.95, detectedAt: DateTimeOffset.UtcNow);
        await site.Analysis.CommitAnomaliesAsync(announce: true, live);

        await Eventually(() => Ours(feed).Length == 2);
        Assert.Equal([(live.Id, true), (stored.Id, false)], Ours(feed).Select(a => (a.Anomaly.Id, a.IsLive)));
        Assert.Equal(0.95, Ours(feed)[0].Anomaly.Score);
        Assert.Equal(1, feed.AnomaliesReceived);
    }

    [Fact]
    public async Task A_new_filter_reconnects_at_once_with_an_empty_tail()
    {
        var timeouts = await site.Logs.StoreAsync(Log("request timeout after 30 s"), Log("request ok"), Log("request timeout after 5 s"), Log("request ok"));
        await using var scope = Services(site.Gateway).CreateAsyncScope();
        var (client, feed) = Session(scope);
        client.ChangeFilter(new LiveFilter { Application = _application });
        await Eventually(() => feed.Tail().Logs.Length == 4);

        client.ChangeFilter(new LiveFilter { Application = _application, Text = "timeout" });

        // The gateway now holds the new filter only, and the tail holds only what it matches: the rest was cleared, not kept.
        await Eventually(() => site.Gateway.Clients.Where(c => c.Filter.Application == _application).Select(c => c.Filter.Text).SequenceEqual(["timeout"])
                               && feed.Tail().Logs.Length == 2);
        Assert.Equal([timeouts[2].Id, timeouts[0].Id], feed.Tail().Logs.Select(l => l.Id));
        Assert.Equal(ConnectionState.Live, feed.State);
    }

    [Fact]
    public async Task A_suspended_session_lets_go_of_the_gateway_until_resumed()
    {
        var before = await site.Logs.StoreAsync(Log("one"), Log("two"), Log("three"));
        await using var scope = Services(site.Gateway).CreateAsyncScope();
        var (client, feed) = Session(scope);
        client.ChangeFilter(new LiveFilter { Application = _application });
        await Eventually(() => feed.State == ConnectionState.Live && Connected == 1 && feed.Tail().Logs.Length == 3);

        client.Suspend();
        await Eventually(() => Connected == 0 && feed.State == ConnectionState.Offline);
        // Published while the session holds no stream: it gets them when it resumes after its last log (not a fresh history of 25).
        var whileAway = await site.Logs.StoreAndPublishAsync([.. Enumerable.Range(1, TailHistory + 5).Select(i => Log($"away {i}"))]);

        client.Resume();
        await Eventually(() => Connected == 1 && feed.State == ConnectionState.Live && feed.Tail().Logs.Length == 3 + whileAway.Length);
        Assert.Equal(before.Concat(whileAway).Select(l => l.Id).Reverse(), feed.Tail().Logs.Select(l => l.Id));
    }

    /// <summary>This test's streams on the site's gateway, as the gateway counts them.</summary>
    private int Connected => site.Gateway.Clients.Count(c => c.Filter.Application == _application);

    private ReceivedAnomaly[] Ours(LiveFeed feed) => [.. feed.Anomalies().Where(a => a.Anomaly.Application == _application)];

    private LogEvent Log(string message, LogSeverity level = LogSeverity.Info, string? application = null) => new()
    {
        Application = application ?? _application, Source = "api", Level = level, Message = message,
        Timestamp = DateTimeOffset.UtcNow, ReceivedAt = DateTimeOffset.UtcNow,
    };

    private Anomaly Anomaly(double score, DateTimeOffset detectedAt) => new()
    {
        Id = Guid.NewGuid().ToString(), Kind = AnomalyKinds.ErrorBurst, Score = score, Severity = "warning", Application = _application,
        WindowStart = detectedAt.AddMinutes(-1), WindowEnd = detectedAt, DetectedAt = detectedAt,
    };

    /// <summary>As Stats.Service's publisher does: the figures as JSON on <see cref="RedisNames.LiveStatsChannel"/>.</summary>
    private async Task PublishStatsAsync(LiveStats stats)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(site.GatewaySettings.RedisConnection);
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisNames.LiveStatsChannel),
            JsonSerializer.SerializeToUtf8Bytes(stats, ContractsJsonContext.Default.LiveStats));
    }

    /// <summary>The dashboard's session services, configured as its Program does, towards <paramref name="gateway"/>.</summary>
    private ServiceProvider Services(GatewayServer gateway)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:gateway:http:0"] = gateway.Uri.ToString().TrimEnd('/'),
            ["Dashboard:GatewayToken"] = gateway.Token,
            ["Dashboard:TailHistory"] = TailHistory.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Dashboard:MaxReconnectDelaySeconds"] = "1",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddMetrics();
        services.AddServiceDiscovery();
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DashboardMetrics>();
        services.AddSingleton<GatewayEndpoint>();
        services.AddHttpClient<GatewayApiClient>().AddServiceDiscovery();
        services.AddScoped<LiveFeed>();
        services.AddScoped<GatewayStreamClient>();
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    private static (GatewayStreamClient Client, LiveFeed Feed) Session(AsyncServiceScope scope)
        => (scope.ServiceProvider.GetRequiredService<GatewayStreamClient>(), scope.ServiceProvider.GetRequiredService<LiveFeed>());

    /// <summary>Waits for a condition the client reaches by itself (a failure bound, not a speed claim).</summary>
    private static async Task Eventually(Func<bool> condition, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(condition))] string? what = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not reached within 20 s: {what}");
            await Task.Delay(20);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers) await provider.DisposeAsync();
        if (_ownGateway is not null) await _ownGateway.DisposeAsync();
    }
}
