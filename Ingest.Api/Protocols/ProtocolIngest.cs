using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ingest.Api.BackPressure;
using Ingest.Api.Logs;
using Ingest.Api.Protocols.Clef;
using Ingest.Api.Security;
using LogPlatform.Contracts;
using Ingest.Api.Parsing;
using Ingest.Api.Queue;
using Ingest.Api.Telemetry;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using StackExchange.Redis;

namespace Ingest.Api.Protocols;

/// <summary>
/// The skeleton every door (<c>POST /logs</c>, CLEF, OTLP, Loki) shares: admission under back-pressure,
/// the body limit (after decompression), the mapping into stream chunks, the dead-letter list for what is refused, and
/// the all-or-nothing enqueue with the optional <c>Idempotency-Key</c>. The door only maps and answers.
/// </summary>
public sealed class ProtocolIngest(
    StreamEnqueuer enqueuer,
    DeadLetterWriter deadLetters,
    BacklogState backlog,
    IConnectionMultiplexer redis,
    IngestTelemetry telemetry,
    IOptions<IngestOptions> options,
    IOptions<ClefOptions> minimumLevels,
    TimeProvider time,
    ILogger<ProtocolIngest> logger)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string SourceHeader = "X-Log-Source";
    public const string ApplicationHeader = "X-Log-Application";
    public const int MaxIdempotencyKeyLength = 200;
    private readonly IngestOptions _options = options.Value;
    private readonly JsonEncodedText _defaultSource = JsonEncodedText.Encode(options.Value.DefaultSource);
    private readonly JsonEncodedText _defaultApplication = JsonEncodedText.Encode(options.Value.DefaultApplication);

    public IngestOptions Options => _options;

    /// <param name="partial">
    /// The protocol accepts the valid logs of a request and reports the rest (OTLP's partial success): rejected logs are
    /// dead-lettered and the others enqueued. Otherwise any invalid log refuses the whole request, as <c>POST /logs</c> does.
    /// </param>
    /// <param name="readBody">
    /// Reads the body within the limit (null when over it, <see cref="InvalidDataException"/> when unreadable); the whole request
    /// body by default, the one message of a gRPC call for OTLP/gRPC.
    /// </param>
    public async Task<ProtocolResult> IngestAsync(HttpContext context, IProtocolMapper mapper, string protocol, CancellationToken cancellationToken,
        bool partial = false, Func<HttpRequest, long, CancellationToken, Task<PooledBufferWriter?>>? readBody = null)
    {
        var request = context.Request;
        if (!backlog.QueueAvailable || !redis.IsConnected) return Unavailable(context);
        if (backlog.Backlog > _options.HighWaterMark)
        {
            telemetry.Refused(StatusCodes.Status429TooManyRequests);
            SetRetryAfter(context);
            return new ProtocolResult(ProtocolStatus.Busy,
                Detail: $"The queue holds {backlog.Backlog} unstored entries, above the high-water mark. Retry after {_options.RetryAfterSeconds} s.");
        }
        if (!TryReadIdempotencyKey(request, out var idempotencyKey))
        {
            return new ProtocolResult(ProtocolStatus.Invalid,
                Detail: $"Header {IdempotencyKeyHeader} must be 1 to {MaxIdempotencyKeyLength} visible ASCII characters.");
        }

        PooledBufferWriter? body;
        try
        {
            body = await (readBody ?? RequestBodyReader.ReadAsync)(request, _options.MaxBodyBytes, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            // A corrupt gzip stream: the decompression middleware throws while the body is read; or the door's framing is broken.
            return new ProtocolResult(ProtocolStatus.Invalid,
                Detail: readBody is null ? "The compressed body cannot be decompressed: " + ex.Message : ex.Message);
        }
        if (body is null)
        {
            telemetry.Refused(StatusCodes.Status413PayloadTooLarge);
            return new ProtocolResult(ProtocolStatus.TooLarge,
                Detail: $"The body is larger than {_options.MaxBodyBytes} bytes (after decompression). Send fewer logs per request.");
        }
        using var _ = body;

        using var activity = IngestTelemetry.Source.StartActivity("ingest " + protocol);
        var receivedAt = time.GetUtcNow();
        var trace = activity ?? Activity.Current;
        var source = Header(request, SourceHeader) ?? _defaultSource;
        var application = Header(request, ApplicationHeader) ?? _defaultApplication;
        // The key's minimum level is configured with Seq's options, where clients learn it (MinimumLevelAccepted), and holds for every door.
        var minimumLevel = minimumLevels.Value.MinimumSeverityFor(ApiKeyFilter.ReadKey(request)) ?? LogSeverity.Trace;
        var defaults = trace is { IdFormat: ActivityIdFormat.W3C }
            ? new LogDefaults(source, application, receivedAt,
                JsonEncodedText.Encode(trace.TraceId.ToHexString()), JsonEncodedText.Encode(trace.SpanId.ToHexString()), minimumLevel)
            : new LogDefaults(source, application, receivedAt, MinimumLevel: minimumLevel);

        using var chunks = new LogChunkWriter(_options.ChunkSize, (int)Math.Min(body.WrittenCount * 2L + 1024, 2 * 1024 * 1024));
        var outcome = mapper.Map(body.WrittenSpan, request.ContentType, defaults, chunks);
        activity?.SetTag("logplatform.logs.count", outcome.Entries);
        activity?.SetTag("logplatform.request.bytes", body.WrittenCount);
        activity?.SetTag("logplatform.ingest.protocol", protocol);
        if (chunks.BelowMinimumLevel > 0)
        {
            activity?.SetTag("logplatform.logs.below_minimum_level", chunks.BelowMinimumLevel);
            telemetry.BelowMinimumLevel(chunks.BelowMinimumLevel, protocol);
        }

        if (outcome.TooManyEntries)
        {
            telemetry.Refused(StatusCodes.Status413PayloadTooLarge);
            return new ProtocolResult(ProtocolStatus.TooLarge, Outcome: outcome,
                Detail: $"The body holds more than {_options.MaxEntriesPerRequest} logs. Send fewer logs per request.");
        }
        var rejected = 0;
        if (!outcome.IsValid)
        {
            rejected = Math.Max(outcome.InvalidEntries, 1);
            telemetry.Rejected(rejected, body.WrittenCount);
            await deadLetters.PushAsync(deadLetters.Build(body.WrittenSpan, outcome, receivedAt), rejected);
            if (!partial || outcome.BodyMalformed)
            {
                activity?.SetStatus(ActivityStatusCode.Error, "invalid input");
                return new ProtocolResult(ProtocolStatus.Invalid, Outcome: outcome);
            }
        }
        if (chunks.Count == 0)
        {
            return new ProtocolResult(ProtocolStatus.Accepted, Outcome: outcome, Rejected: rejected, EntryIds: [], ReceivedAt: receivedAt,
                BelowMinimumLevel: chunks.BelowMinimumLevel);
        }

        if (!redis.IsConnected) return Unavailable(context);
        EnqueueResult enqueued;
        try
        {
            enqueued = await enqueuer.EnqueueAsync(chunks.Complete(), chunks.Count, TraceParent(activity, request), idempotencyKey, outcome.Unparsed);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            chunks.Abandon(); // Redis may still be reading the buffers of a timed-out command
            logger.LogWarning(ex, "Enqueue of {Count} {Protocol} logs failed", chunks.Count, protocol);
            activity?.SetStatus(ActivityStatusCode.Error, "enqueue failed");
            return Unavailable(context);
        }
        activity?.SetTag("logplatform.ingest.duplicate", enqueued.Duplicate);
        if (enqueued.Duplicate)
        {
            return new ProtocolResult(ProtocolStatus.Duplicate, chunks.Count, outcome, Rejected: rejected, EntryIds: enqueued.EntryIds, ReceivedAt: receivedAt,
                BelowMinimumLevel: chunks.BelowMinimumLevel);
        }
        telemetry.Accepted(chunks.Count, body.WrittenCount);
        return new ProtocolResult(ProtocolStatus.Accepted, chunks.Count, outcome, Rejected: rejected, EntryIds: enqueued.EntryIds, ReceivedAt: receivedAt,
            BelowMinimumLevel: chunks.BelowMinimumLevel);
    }

    private ProtocolResult Unavailable(HttpContext context)
    {
        telemetry.Refused(StatusCodes.Status503ServiceUnavailable);
        SetRetryAfter(context);
        return new ProtocolResult(ProtocolStatus.Unavailable,
            Detail: $"The queue (Redis) is unreachable; nothing was accepted. Retry after {_options.RetryAfterSeconds} s.");
    }

    private void SetRetryAfter(HttpContext context)
        => context.Response.Headers[HeaderNames.RetryAfter] = _options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);

    private JsonEncodedText? Header(HttpRequest request, string name)
    {
        var header = request.Headers[name];
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header[0])) return null;
        var text = header[0]!.Trim();
        if (text.Contains('\0')) return null;
        if (text.Length > _options.MaxNameBytes) text = text[.._options.MaxNameBytes];
        return JsonEncodedText.Encode(text);
    }

    private static bool TryReadIdempotencyKey(HttpRequest request, out string? key)
    {
        key = null;
        var header = request.Headers[IdempotencyKeyHeader];
        if (header.Count == 0) return true;
        var value = header[0] ?? "";
        if (value.Length is 0 or > MaxIdempotencyKeyLength || value.Any(c => c is < '!' or > '~')) return false;
        key = value;
        return true;
    }

    private static string TraceParent(Activity? activity, HttpRequest request)
    {
        var current = activity ?? Activity.Current;
        if (current is { IdFormat: ActivityIdFormat.W3C, Id: { } id }) return id;
        var header = request.Headers["traceparent"];
        return header.Count > 0 ? header[0] ?? "" : "";
    }
}
