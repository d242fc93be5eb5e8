using System.Text.Json;
using Ingest.Api.Formats;
using Ingest.Api.Parsing;
using Ingest.Api.Queue;
using Ingest.Api.Telemetry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ingest.Api.Syslog;

/// <summary>
/// Reads the listeners' queue, parses up to <see cref="SyslogOptions.BatchSize"/> messages or what
/// <see cref="SyslogOptions.BatchDelay"/> brings, and enqueues them as one transaction of stream entries through the
/// same <see cref="StreamEnqueuer"/> as <c>POST /logs</c>. An unparseable message is stored flagged <c>parse_error</c>
/// (the text path); an oversized or mis-framed one is dead-lettered with the reason.
/// </summary>
public sealed class SyslogBatcher(
    SyslogQueue queue,
    TextPayloadParser parser,
    StreamEnqueuer enqueuer,
    DeadLetterWriter deadLetters,
    IngestTelemetry telemetry,
    IOptions<SyslogOptions> syslogOptions,
    IOptions<IngestOptions> ingestOptions,
    TimeProvider time,
    ILogger<SyslogBatcher> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    private readonly SyslogOptions _options = syslogOptions.Value;
    private readonly JsonEncodedText _application = JsonEncodedText.Encode(ingestOptions.Value.DefaultApplication);
    private readonly TextFormatChoice _format = parser.Formats.TryGet(syslogOptions.Value.Format, out var format)
        ? format
        : throw new OptionsValidationException(SyslogOptions.SectionName, typeof(SyslogOptions), [$"Unknown format {syslogOptions.Value.Format}"]);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The listeners stopped first (registered after this): what they queued is still enqueued, then the loop ends.
        queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = queue.Reader;
        var batch = new List<SyslogMessage>(Math.Min(_options.BatchSize, 10_000));
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            using (var window = new CancellationTokenSource(_options.BatchDelay, time))
            {
                while (batch.Count < _options.BatchSize)
                {
                    if (reader.TryRead(out var message))
                    {
                        batch.Add(message);
                        continue;
                    }
                    try
                    {
                        if (!await reader.WaitToReadAsync(window.Token).ConfigureAwait(false)) break;
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }
            try
            {
                await FlushAsync(batch, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                logger.LogError("Shutting down with Redis unreachable: {Count} syslog messages were not enqueued", batch.Count);
            }
            finally
            {
                foreach (var message in batch) message.Return();
                batch.Clear();
            }
        }
    }

    private async Task FlushAsync(List<SyslogMessage> batch, CancellationToken cancellationToken)
    {
        using var session = parser.StartSession(_format);
        var chunks = new LogChunkWriter(ingestOptions.Value.ChunkSize, 64 * 1024);
        List<RedisValue>? rejected = null;
        long bytes = 0;
        foreach (var message in batch)
        {
            bytes += message.Length;
            if (message.Kind == SyslogFrameKind.Message)
            {
                parser.WriteEvent(TrimEnd(message.Span), session, new LogDefaults(message.Peer, _application, message.ReceivedAt), chunks);
                continue;
            }
            var outcome = new ParseOutcome(1) { BodyMalformed = true };
            outcome.AddError(null, null, message.Reason(_options.MaxMessageBytes));
            (rejected ??= []).AddRange(deadLetters.Build(message.Span, outcome, message.ReceivedAt));
        }

        var failed = false;
        try
        {
            if (chunks.Count > 0)
            {
                failed = await EnqueueAsync(chunks, session.Counts.Unparsed, cancellationToken).ConfigureAwait(false);
                telemetry.Accepted(chunks.Count, bytes);
                telemetry.TextAccepted(session.Counts);
            }
        }
        finally
        {
            // Redis may still be reading the buffers of a timed-out command: do not recycle them.
            if (failed) chunks.Abandon();
            chunks.Dispose();
        }
        if (rejected is not null)
        {
            telemetry.Rejected(rejected.Count, 0);
            await deadLetters.PushAsync([.. rejected], rejected.Count).ConfigureAwait(false);
        }
    }

    /// <summary>Enqueues, retrying until Redis takes it: the batch's idempotency key makes a retry of a commit whose answer was lost a no-op.</summary>
    /// <returns>Whether an attempt failed (its buffers may still be in use).</returns>
    private async Task<bool> EnqueueAsync(LogChunkWriter chunks, int unparsed, CancellationToken cancellationToken)
    {
        var entries = chunks.Complete();
        var key = "syslog:" + Guid.NewGuid().ToString("N");
        var delay = TimeSpan.FromMilliseconds(100);
        var failed = false;
        while (true)
        {
            try
            {
                await enqueuer.EnqueueAsync(entries, chunks.Count, "", key, unparsed).ConfigureAwait(false);
                if (failed) logger.LogInformation("Redis is back: {Count} syslog messages enqueued", chunks.Count);
                return failed;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                if (!failed) logger.LogWarning(ex, "Cannot enqueue {Count} syslog messages; retrying (TCP senders wait, UDP datagrams are dropped)", chunks.Count);
                failed = true;
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    /// <summary>Senders end messages with LF, CR LF or NUL (RFC 6587 trailers, UDP habits): not part of the message.</summary>
    private static ReadOnlySpan<byte> TrimEnd(ReadOnlySpan<byte> message) => message.TrimEnd("\r\n\0"u8);
}
