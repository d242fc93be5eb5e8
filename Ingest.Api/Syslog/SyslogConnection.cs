using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Ingest.Api.BackPressure;

namespace Ingest.Api.Syslog;

/// <summary>
/// One syslog TCP connection: reads through a pipe, frames, and queues each message. Under back-pressure (backlog over
/// the high-water mark, Redis down, queue full) it stops reading, so the kernel's buffers fill and the sender blocks.
/// Closed after <see cref="SyslogOptions.IdleTimeout"/> without data, on a broken octet count, or at shutdown.
/// </summary>
public sealed class SyslogConnection(Socket socket, SyslogQueue queue, IngestAdmission admission, SyslogTelemetry telemetry,
    SyslogOptions options, TimeProvider time, ILogger logger)
{
    public const string Transport = "tcp";

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var peer = JsonEncodedText.Encode((socket.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "unknown");
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4 * 1024));
        var frames = new SyslogFrameReader(options.MaxMessageBytes);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        try
        {
            while (true)
            {
                await admission.WaitAsync(stoppingToken).ConfigureAwait(false);
                // The idle clock runs only while reading: time spent holding back (back-pressure) is not the sender's idleness.
                idle.CancelAfter(options.IdleTimeout);
                var result = await pipe.ReadAsync(idle.Token).ConfigureAwait(false);
                idle.CancelAfter(Timeout.InfiniteTimeSpan);
                var buffer = result.Buffer;
                var close = false;
                var now = time.GetUtcNow();
                while (frames.TryRead(ref buffer, result.IsCompleted, out var frame, out var kind, out var length))
                {
                    telemetry.Received(Transport);
                    await queue.Writer.WriteAsync(SyslogMessage.Copy(frame, kind, length, peer, Transport, now), stoppingToken).ConfigureAwait(false);
                    close |= kind == SyslogFrameKind.Invalid;
                }
                pipe.AdvanceTo(buffer.Start, buffer.End);
                if (close || result.IsCompleted) break;
            }
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            logger.LogDebug("Syslog connection from {Peer} idle for {Timeout}: closed", peer, options.IdleTimeout);
        }
        catch (Exception ex) when (ex is IOException or SocketException or System.Threading.Channels.ChannelClosedException)
        {
            logger.LogDebug(ex, "Syslog connection from {Peer} ended", peer);
        }
        finally
        {
            await pipe.CompleteAsync().ConfigureAwait(false);
        }
    }
}
