using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Ingest.Api.BackPressure;
using LogPlatform.Contracts;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ingest.Api.Syslog;

/// <summary>
/// The syslog UDP listener (<see cref="SyslogOptions.UdpPort"/>, off when 0): one datagram is one message. UDP cannot
/// be slowed down, so under back-pressure, with Redis down or the queue full, a datagram is dropped and counted: in the
/// metric at once, and in <see cref="RedisNames.Counters.SyslogDropped"/> (added every second, once Redis is reachable).
/// </summary>
public sealed class SyslogUdpListener(
    SyslogQueue queue, IngestAdmission admission, SyslogTelemetry telemetry, IConnectionMultiplexer redis, IOptions<SyslogOptions> options,
    TimeProvider time, ILogger<SyslogUdpListener> logger) : BackgroundService
{
    public const string Transport = "udp";
    private const int MaxDatagramBytes = 65_535;
    private static readonly TimeSpan DropFlushInterval = TimeSpan.FromSeconds(1);

    private readonly SyslogOptions _options = options.Value;
    private Socket? _socket;
    private long _droppedNotCounted;

    public IPEndPoint? LocalEndPoint => _socket?.LocalEndPoint as IPEndPoint;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.UdpPort == 0) return Task.CompletedTask;
        var address = IPAddress.Parse(_options.BindAddress);
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            // A bigger kernel buffer rides out short bursts (the batcher flushes every BatchDelay).
            socket.ReceiveBufferSize = 4 * 1024 * 1024;
            socket.Bind(new IPEndPoint(address, _options.UdpPort));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        _socket = socket;
        logger.LogInformation("Syslog UDP listening on {EndPoint} (format {Format})", socket.LocalEndPoint, _options.Format);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_socket is null) return;
        var counting = CountDropsAsync(stoppingToken);
        var buffer = GC.AllocateArray<byte>(MaxDatagramBytes, pinned: true);
        EndPoint any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        IPAddress? lastAddress = null;
        var peer = default(JsonEncodedText);
        while (!stoppingToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException ex)
            {
                // e.g. ICMP port unreachable reported on a later receive: not this datagram's problem.
                logger.LogDebug(ex, "Syslog UDP receive failed");
                continue;
            }
            telemetry.Received(Transport);
            if (!admission.IsOpen)
            {
                Drop(redis.IsConnected ? "backpressure" : "redis_unavailable");
                continue;
            }
            var address = (received.RemoteEndPoint as IPEndPoint)?.Address;
            if (address is not null && !address.Equals(lastAddress))
            {
                lastAddress = address;
                peer = JsonEncodedText.Encode(address.ToString());
            }
            var length = received.ReceivedBytes;
            var kind = length > _options.MaxMessageBytes ? SyslogFrameKind.Oversized : SyslogFrameKind.Message;
            var message = SyslogMessage.Copy(buffer.AsSpan(0, Math.Min(length, _options.MaxMessageBytes)), kind, length, peer, Transport,
                time.GetUtcNow());
            if (!queue.Writer.TryWrite(message))
            {
                message.Return();
                Drop("queue_full");
            }
        }
        await counting.ConfigureAwait(false);
    }

    private void Drop(string reason)
    {
        telemetry.Dropped(reason);
        if (Interlocked.Increment(ref _droppedNotCounted) == 1)
            logger.LogWarning("Syslog UDP is dropping datagrams ({Reason}); counted in {Counter}", reason, RedisNames.Counters.SyslogDropped);
    }

    private async Task CountDropsAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(DropFlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false)) await FlushDropsAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        await FlushDropsAsync().ConfigureAwait(false);
    }

    private async Task FlushDropsAsync()
    {
        var dropped = Interlocked.Read(ref _droppedNotCounted);
        if (dropped == 0 || !redis.IsConnected) return;
        try
        {
            await redis.GetDatabase().StringIncrementAsync(RedisNames.Counters.SyslogDropped, dropped).ConfigureAwait(false);
            Interlocked.Add(ref _droppedNotCounted, -dropped);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogDebug(ex, "Cannot count {Count} dropped syslog datagrams yet", dropped);
        }
    }

    public override void Dispose()
    {
        _socket?.Dispose();
        base.Dispose();
    }
}
