using System.Net;
using System.Net.Sockets;
using Ingest.Api.BackPressure;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Syslog;

/// <summary>
/// The syslog TCP listener (<see cref="SyslogOptions.TcpPort"/>, off when 0). Binds in <see cref="StartAsync"/>, so a
/// taken port stops the start and the port is open once the host has started. At most
/// <see cref="SyslogOptions.MaxConnections"/> connections; one more is closed at once.
/// </summary>
public sealed class SyslogTcpListener(
    SyslogQueue queue, IngestAdmission admission, SyslogTelemetry telemetry, IOptions<SyslogOptions> options, TimeProvider time,
    ILogger<SyslogTcpListener> logger) : BackgroundService
{
    private readonly SyslogOptions _options = options.Value;
    private Socket? _listener;
    private int _open;

    /// <summary>The bound endpoint, or null when TCP is off.</summary>
    public IPEndPoint? LocalEndPoint => _listener?.LocalEndPoint as IPEndPoint;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.TcpPort == 0) return Task.CompletedTask;
        var address = IPAddress.Parse(_options.BindAddress);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any)) listener.DualMode = true;
            listener.Bind(new IPEndPoint(address, _options.TcpPort));
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        _listener = listener;
        logger.LogInformation("Syslog TCP listening on {EndPoint} (format {Format}, octet counting or newline framing)", listener.LocalEndPoint,
            _options.Format);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_listener is null) return;
        var connections = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException ex)
            {
                logger.LogWarning(ex, "Syslog TCP accept failed");
                continue;
            }
            if (Interlocked.Increment(ref _open) > _options.MaxConnections)
            {
                Interlocked.Decrement(ref _open);
                telemetry.ConnectionRefused();
                logger.LogWarning("Syslog TCP connection from {Peer} closed: {Max} connections are open", client.RemoteEndPoint, _options.MaxConnections);
                client.Dispose();
                continue;
            }
            connections.RemoveAll(c => c.IsCompleted);
            connections.Add(ServeAsync(client, stoppingToken));
        }
        await Task.WhenAll(connections).ConfigureAwait(false);
    }

    private async Task ServeAsync(Socket client, CancellationToken stoppingToken)
    {
        await Task.Yield();
        telemetry.ConnectionOpened();
        try
        {
            await new SyslogConnection(client, queue, admission, telemetry, _options, time, logger).RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Syslog TCP connection failed");
        }
        catch (OperationCanceledException)
        {
            // shutdown
        }
        finally
        {
            client.Dispose();
            Interlocked.Decrement(ref _open);
            telemetry.ConnectionClosed();
        }
    }

    public override void Dispose()
    {
        _listener?.Dispose();
        base.Dispose();
    }
}
