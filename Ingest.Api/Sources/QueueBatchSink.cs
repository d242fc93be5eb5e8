using System.Text.Json;
using Ingest.Api.BackPressure;
using Ingest.Api.Formats;
using Ingest.Api.Parsing;
using Ingest.Api.Queue;
using Ingest.Api.Telemetry;
using LogPlatform.Shipping.Batches;
using LogPlatform.Shipping.Sending;
using StackExchange.Redis;

namespace Ingest.Api.Sources;

/// <summary>
/// A source's batches go the way of a <c>POST /logs</c> text request, in-process: parsed by the text parser in the
/// source's format, enqueued on the stream with the batch's idempotency key (so a batch sent again is stored once),
/// held back while ingest is over its high-water mark or Redis is unreachable.
/// </summary>
public sealed class QueueBatchSink(
    SourceDefinition definition,
    TextFormatChoice format,
    TextPayloadParser parser,
    StreamEnqueuer enqueuer,
    IngestAdmission admission,
    IngestTelemetry telemetry,
    IngestOptions ingestOptions,
    TextFormatOptions textOptions,
    TimeProvider time) : IBatchSink
{
    private readonly JsonEncodedText _source = JsonEncodedText.Encode(definition.Source ?? ingestOptions.DefaultSource);
    private readonly JsonEncodedText _application = JsonEncodedText.Encode(definition.Application ?? ingestOptions.DefaultApplication);

    public async ValueTask<SendResult> SendAsync(ShipBatch batch, CancellationToken cancellationToken)
    {
        if (!admission.IsOpen) return SendResult.Retry("ingest is over its high-water mark or its queue (Redis) is unreachable");
        using var session = parser.StartSession(format);
        var chunks = new LogChunkWriter(ingestOptions.ChunkSize, 256 * 1024);
        var failed = false;
        try
        {
            Parse(batch.Text.Span, session, new LogDefaults(_source, _application, time.GetUtcNow()), chunks);
            if (chunks.Count == 0) return SendResult.Stored;
            var result = await enqueuer.EnqueueAsync(chunks.Complete(), chunks.Count, "", batch.IdempotencyKey, session.Counts.Unparsed).ConfigureAwait(false);
            if (!result.Duplicate)
            {
                telemetry.Accepted(chunks.Count, batch.Text.Length);
                telemetry.TextAccepted(session.Counts);
            }
            return SendResult.Stored;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Redis may still be reading the buffers of a timed-out command: do not recycle them.
            failed = true;
            return SendResult.Retry("the queue (Redis) did not take the batch: " + ex.Message);
        }
        finally
        {
            if (failed) chunks.Abandon();
            chunks.Dispose();
        }
    }

    private void Parse(ReadOnlySpan<byte> text, TextParseSession session, in LogDefaults defaults, LogChunkWriter chunks)
    {
        var events = new MultilineJoiner(text, session.Format.StartRule, textOptions.MaxEventLines);
        while (events.MoveNext(out var @event))
        {
            if (@event.IndexOfAnyExcept(" \t\r\n"u8) < 0) continue;
            parser.WriteEvent(@event, session, defaults, chunks);
        }
    }
}
