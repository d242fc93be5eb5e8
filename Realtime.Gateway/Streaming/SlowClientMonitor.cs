using Microsoft.Extensions.Options;

namespace Realtime.Gateway.Streaming;

/// <summary>
/// Disconnects clients that have been losing messages for longer than allowed, also those whose socket is so stuck that
/// their own send loop never gets to look.
/// </summary>
public sealed class SlowClientMonitor(ClientRegistry registry, IOptions<GatewayOptions> options, TimeProvider time, ILogger<SlowClientMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var limit = options.Value.SlowClientTimeout;
        using var timer = new PeriodicTimer(TimeSpan.FromTicks(Math.Clamp(limit.Ticks / 4, TimeSpan.TicksPerMillisecond * 100, TimeSpan.TicksPerSecond)), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var client in registry.Clients)
            {
                if (client.IsTooSlow(limit) && client.DisconnectTooSlow is { } disconnect)
                {
                    client.DisconnectTooSlow = null;
                    logger.LogWarning("Disconnecting client {ClientId}: {Dropped} logs dropped, behind for over {Limit}", client.Id, client.Dropped, limit);
                    _ = disconnect();
                }
            }
        }
    }
}
