using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Dashboard.Web.Gateway;
using Dashboard.Web.Live;
using LogPlatform.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dashboard.Web.Tests.Gateway;

/// <summary>
/// The stream client over real sockets against a stand-in gateway (a Kestrel WebSocket endpoint
/// speaking the envelope contract): connect, receive, lose the gateway, come back, change filters.
/// </summary>
public sealed class GatewayStreamClientTests : IAsyncLifetime
{
    private readonly int _port = FreePort();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _authorizations = new();
    private readonly ConcurrentQueue<string> _apiRequests = new();
    private WebApplication? _gateway;
    private ServiceProvider _services = default!;
    private long _nextId;

    public async Task InitializeAsync()
    {
        await StartGatewayAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:gateway:http:0"] = $"http://127.0.0.1:{_port}",
            ["Dashboard:GatewayToken"] = "test-token",
            ["Dashboard:TailHistory"] = "25",
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
        _services = services.BuildServiceProvider();
    }

    [Fact]
    public async Task Connects_with_the_token_and_the_filter_and_feeds_the_session()
    {
        await using var scope = _services.CreateAsyncScope();
        var (client, feed) = Session(scope);

        client.ChangeFilter(new LiveFilter { MinLevel = LogSeverity.Warn, Application = "shop" });

        await Eventually(() => feed.State == ConnectionState.Live && feed.Tail().Logs.Length == 3 && feed.Stats is not null);
        Assert.Equal("?format=native&min_level=warn&application=shop&history=25", _requests.Single());
        Assert.Equal("Bearer test-token", _authorizations.Single());
        Assert.Equal([3L, 2, 1], feed.Tail().Logs.Select(l => l.Id));
    }

    [Fact]
    public async Task Keeps_reconnecting_while_the_gateway_is_down_and_resumes_after_the_last_log()
    {
        await using var scope = _services.CreateAsyncScope();
        var (client, feed) = Session(scope);
        client.EnsureStarted();
        await Eventually(() => feed.State == ConnectionState.Live && feed.Tail().Logs.Length == 3);

        await StopGatewayAsync();
        await Eventually(() => feed.State == ConnectionState.Offline && feed.NextAttemptAt is not null);
        // The old client gave up after five failed attempts; this one keeps going.
        await Eventually(() => feed.FailedAttempts >= 7);

        await StartGatewayAsync();

        await Eventually(() => feed.State == ConnectionState.Live && feed.Tail().Logs.Length == 6);
        Assert.Equal("?format=native&after_id=3", _requests.Last());
        Assert.Equal([6L, 5, 4, 3, 2, 1], feed.Tail().Logs.Select(l => l.Id));
    }

    [Fact]
    public async Task Anomalies_arrive_live_on_the_combined_stream_and_recent_stored_ones_are_backfilled()
    {
        await using var scope = _services.CreateAsyncScope();
        var (client, feed) = Session(scope);
        client.EnsureStarted();

        await Eventually(() => feed.Anomalies().Length == 2);
        Assert.Equal([("live-3", true), ("stored", false)], feed.Anomalies().Select(a => (a.Anomaly.Id, a.IsLive)));
        Assert.Equal(1, feed.AnomaliesReceived);
        Assert.Contains("/api/v1/anomalies?limit=50", _apiRequests);
        Assert.Contains(_requests, r => r.StartsWith("?format=native", StringComparison.Ordinal)); // /ws in the native format carries anomalies
    }

    [Fact]
    public async Task A_new_filter_reconnects_at_once_with_an_empty_tail()
    {
        await using var scope = _services.CreateAsyncScope();
        var (client, feed) = Session(scope);
        client.EnsureStarted();
        await Eventually(() => feed.Tail().Logs.Length == 3);

        client.ChangeFilter(new LiveFilter { Text = "timeout" });

        await Eventually(() => _requests.Count == 2 && feed.Tail().Logs.Length == 3);
        Assert.Equal("?format=native&q=timeout&history=25", _requests.Last());
        Assert.Equal([6L, 5, 4], feed.Tail().Logs.Select(l => l.Id));
    }

    [Fact]
    public async Task A_suspended_session_lets_go_of_the_gateway_until_resumed()
    {
        await using var scope = _services.CreateAsyncScope();
        var (client, feed) = Session(scope);
        client.EnsureStarted();
        await Eventually(() => feed.State == ConnectionState.Live && Connected == 1 && feed.Tail().Logs.Length == 3);

        client.Suspend();
        await Eventually(() => Connected == 0 && feed.State == ConnectionState.Offline);

        client.Resume();
        await Eventually(() => Connected == 1 && feed.State == ConnectionState.Live);
        Assert.StartsWith("?format=native&after_id=", _requests.Last());
    }

    private int _connected;
    private int Connected => Volatile.Read(ref _connected);

    private static (GatewayStreamClient Client, LiveFeed Feed) Session(AsyncServiceScope scope)
        => (scope.ServiceProvider.GetRequiredService<GatewayStreamClient>(), scope.ServiceProvider.GetRequiredService<LiveFeed>());

    /// <summary>A stand-in gateway: on connect, three logs (new ids) and one stats update, then holds the socket open.</summary>
    private async Task StartGatewayAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{_port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.MapGet("/api/v1/stats/history", () => Results.Text("[]", "application/json"));
        app.MapGet("/api/v1/anomalies", (HttpContext context) =>
        {
            _apiRequests.Enqueue(context.Request.Path + context.Request.QueryString);
            return Results.Text($$"""{"items":[{{AnomalyJson("stored", 0.4)}}]}""", "application/json");
        });
        app.Map("/ws", async (HttpContext context) =>
        {
            _requests.Enqueue(context.Request.QueryString.Value ?? "");
            _authorizations.Enqueue(context.Request.Headers.Authorization.ToString());
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            Interlocked.Increment(ref _connected);
            try
            {
                var logs = Enumerable.Range(0, 3).Select(_ => new LogEvent { Id = Interlocked.Increment(ref _nextId), Message = "m" }).ToArray();
                await SendAsync(socket, JsonSerializer.SerializeToUtf8Bytes(new Envelope<LogEvent[]>(EnvelopeTypes.Logs, logs, DateTimeOffset.UtcNow), ContractsJsonContext.Default.EnvelopeLogEventArray));
                await SendAsync(socket, Encoding.UTF8.GetBytes($$"""{"type":"new_anomaly","data":{{AnomalyJson("live-" + _nextId, 0.95)}},"timestamp":"2026-11-25T05:00:00Z"}"""));
                await SendAsync(socket, JsonSerializer.SerializeToUtf8Bytes(new Envelope<LiveStats>(EnvelopeTypes.StatsUpdate, new LiveStats { TotalMessages = _nextId, Timestamp = DateTimeOffset.UtcNow }, DateTimeOffset.UtcNow), ContractsJsonContext.Default.EnvelopeLiveStats));
                var buffer = new byte[512];
                while (!context.RequestAborted.IsCancellationRequested)
                {
                    var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
                    if (result.MessageType == WebSocketMessageType.Close) break;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
                // client went away or the stand-in is stopping
            }
            finally
            {
                Interlocked.Decrement(ref _connected);
            }
        });
        await app.StartAsync();
        _gateway = app;
    }

    private static string AnomalyJson(string id, double score) => JsonSerializer.Serialize(new Anomaly
    {
        Id = id, Kind = AnomalyKinds.ErrorBurst, Score = score, Severity = "warning", DetectedAt = DateTimeOffset.UtcNow.AddMinutes(score > 0.5 ? 0 : -5),
    }, ContractsJsonContext.Default.Anomaly);

    private static Task SendAsync(WebSocket socket, byte[] message) => socket.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None);

    private async Task StopGatewayAsync()
    {
        if (_gateway is null) return;
        await _gateway.StopAsync(TimeSpan.FromSeconds(1));
        await _gateway.DisposeAsync();
        _gateway = null;
    }

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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await StopGatewayAsync();
    }
}
