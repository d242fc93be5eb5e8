using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Realtime.Gateway.Streaming;
using StackExchange.Redis;

namespace Realtime.Gateway.Compatibility;

/// <summary>
/// The fields log-aggregator pages and scripts read from <c>GET /health</c>, added to the health body the service defaults
/// write (<c>status</c> "healthy" and each check): <c>api</c> "online", <c>redis</c> "available" when a PING answers now,
/// else "unavailable", and <c>websocket_connections</c>, the WebSocket clients this replica holds.
/// </summary>
public sealed class AggregatorHealthFields(IConnectionMultiplexer redis, ClientRegistry registry) : IHealthBodyFields
{
    public static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    public async ValueTask WriteAsync(Utf8JsonWriter json, HealthReport report, CancellationToken cancellationToken)
    {
        json.WriteString("api", "online");
        json.WriteString("redis", await PingsAsync(cancellationToken) ? "available" : "unavailable");
        json.WriteNumber("websocket_connections", registry.Clients.Count(c => c.Protocol == StreamProtocol.WebSocket));
    }

    private async Task<bool> PingsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetDatabase().PingAsync().WaitAsync(PingTimeout, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return false;
        }
    }
}
