extern alias gateway;

using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using LogPlatform.Contracts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ClientRegistry = gateway::Realtime.Gateway.Streaming.ClientRegistry;
using GatewayProgram = gateway::Program;
using StreamClient = gateway::Realtime.Gateway.Streaming.StreamClient;

namespace Dashboard.Web.Tests.Servers;

/// <summary>What the AppHost gives the gateway: Redis, PostgreSQL, the stream token, the admin key, the dashboard's origin.</summary>
public sealed record GatewaySettings(string RedisConnection, string PostgresConnection, string Token)
{
    public string? AdminKey { get; init; }
    public Uri? AllowedOrigin { get; init; }
}

/// <summary>
/// The real Realtime.Gateway (its own Program, on Kestrel on loopback) over a real Redis and PostgreSQL. Stopped, then started
/// again, it comes back on the same port: a gateway restarted under its clients, as a deploy does.
/// </summary>
public sealed class GatewayServer(GatewaySettings settings, CommittedLogs probes) : IAsyncDisposable
{
    private GatewayFactory? _factory;
    private int _port;

    /// <summary>Where it listens (the same across restarts); set by the first start.</summary>
    public Uri Uri => _port == 0 ? throw new InvalidOperationException("Not started yet.") : new($"http://127.0.0.1:{_port}");

    public string Token => settings.Token;

    /// <summary>The stream clients connected to the gateway now, as the gateway sees them.</summary>
    public ICollection<StreamClient> Clients
        => (_factory ?? throw new InvalidOperationException("The gateway is stopped.")).Services.GetRequiredService<ClientRegistry>().Clients;

    /// <summary>Starts the gateway (on a free port the first time, on the same one after) and waits until it relays the live channel.</summary>
    public async Task StartAsync()
    {
        if (_factory is not null) throw new InvalidOperationException("Already started.");
        var factory = new GatewayFactory(settings);
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, _port));
        factory.StartServer();
        _factory = factory;
        _port = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        await WaitUntilRelayingAsync();
    }

    /// <summary>Stops the gateway: its port refuses connections and its streams are cut, until <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_factory is not { } factory) return;
        _factory = null;
        await factory.DisposeAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>
    /// The gateway subscribes to Redis in the background after it starts: publish probes until a stream client of its own
    /// sees one, so a test's first log is never lost to a subscription that is not there yet.
    /// </summary>
    private async Task WaitUntilRelayingAsync()
    {
        var application = "probe-" + Guid.NewGuid().ToString("N")[..8];
        using var socket = new ClientWebSocket();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await socket.ConnectAsync(new Uri($"ws://{Uri.Authority}/ws?format=native&application={application}&access_token={settings.Token}"), limit.Token);
        var received = ReceiveLogsAsync(socket, limit.Token);
        while (!received.IsCompleted)
        {
            await probes.StoreAndPublishAsync(new LogEvent
            {
                Application = application, Source = "probe", Level = LogSeverity.Info, Message = "probe",
                Timestamp = DateTimeOffset.UtcNow, ReceivedAt = DateTimeOffset.UtcNow,
            });
            await Task.WhenAny(received, Task.Delay(200, limit.Token));
        }
        await received;
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "relaying", CancellationToken.None);
    }

    private static async Task ReceiveLogsAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("The gateway closed the probe's stream.");
                message.Write(buffer, 0, result.Count);
            } while (!result.EndOfMessage);
            using var envelope = JsonDocument.Parse(message.ToArray());
            if (envelope.RootElement.GetProperty("type").GetString() == EnvelopeTypes.Logs) return;
        }
    }

    private sealed class GatewayFactory(GatewaySettings settings) : WebApplicationFactory<GatewayProgram>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:redis", settings.RedisConnection);
            builder.UseSetting("ConnectionStrings:logs", settings.PostgresConnection);
            builder.UseSetting("Gateway:Tokens:0", settings.Token);
            if (settings.AdminKey is { } adminKey) builder.UseSetting("Admin:Key", adminKey);
            if (settings.AllowedOrigin is { } origin) builder.UseSetting("Gateway:AllowedOrigins:0", origin.GetLeftPart(UriPartial.Authority));
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            // Its streams stay open until the host gives up on them: cut them soon, as a stopped process would.
            builder.ConfigureServices(services => services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1)));
        }
    }
}
