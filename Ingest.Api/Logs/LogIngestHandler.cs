using System.Diagnostics;
using System.Text.Json;
using Ingest.Api.BackPressure;
using Ingest.Api.Formats;
using Ingest.Api.Parsing;
using Ingest.Api.Queue;
using Ingest.Api.Telemetry;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using StackExchange.Redis;

namespace Ingest.Api.Logs;

/// <summary>
/// <c>POST /logs</c>: admit (back-pressure), read, parse and validate everything, then enqueue all or nothing.
/// 202 only after Redis acknowledged the entries.
/// </summary>
public sealed class LogIngestHandler(
    LogPayloadParser parser,
    TextPayloadParser textParser,
    StreamEnqueuer enqueuer,
    DeadLetterWriter deadLetters,
    BacklogState backlog,
    IConnectionMultiplexer redis,
    IngestTelemetry telemetry,
    IOptions<IngestOptions> options,
    TimeProvider time,
    ILogger<LogIngestHandler> logger)
{
    public const string SourceHeader = "X-Log-Source";
    public const string ApplicationHeader = "X-Log-Application";
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private const int MaxIdempotencyKeyLength = 200;

    private readonly IngestOptions _options = options.Value;
    private readonly JsonEncodedText _defaultSource = JsonEncodedText.Encode(options.Value.DefaultSource);
    private readonly JsonEncodedText _defaultApplication = JsonEncodedText.Encode(options.Value.DefaultApplication);

    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (Admit(context) is { } refused) return refused;

        var request = context.Request;
        if (!TryReadDefaults(request, out var source, out var application, out var headerError)
            || !TryReadIdempotencyKey(request, out var idempotencyKey, out headerError))
        {
            return BadRequest(headerError, []);
        }
        TextFormatChoice? textFormat = null;
        if (TextFormatRequest.IsText(request))
        {
            if (!TextFormatRequest.TrySelect(request, textParser.Formats, out var chosen, out var formatError)) return BadRequest(formatError, []);
            textFormat = chosen;
        }

        using var body = await RequestBodyReader.ReadAsync(request, _options.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            telemetry.Refused(StatusCodes.Status413PayloadTooLarge);
            return TypedResults.Problem($"The body is larger than {_options.MaxBodyBytes} bytes. Send fewer logs per request.",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large");
        }

        using var activity = IngestTelemetry.Source.StartActivity("ingest logs");
        var receivedAt = time.GetUtcNow();
        var trace = activity ?? Activity.Current;
        var defaults = trace is { IdFormat: ActivityIdFormat.W3C }
            ? new LogDefaults(source, application, receivedAt,
                JsonEncodedText.Encode(trace.TraceId.ToHexString()), JsonEncodedText.Encode(trace.SpanId.ToHexString()))
            : new LogDefaults(source, application, receivedAt);
        var format = IsNdJson(request.ContentType) ? PayloadFormat.NdJson : PayloadFormat.Json;

        // A chunk's payload is about the size of its part of the body plus the added fields.
        using var chunks = new LogChunkWriter(_options.ChunkSize, (int)Math.Min(body.WrittenCount + body.WrittenCount / 2 + 1024, 2 * 1024 * 1024));
        using var text = textFormat is null ? null : textParser.StartSession(textFormat);
        var outcome = text is null
            ? parser.Parse(body.WrittenSpan, format, defaults, chunks)
            : textParser.Parse(body.WrittenSpan, text, defaults, chunks);
        activity?.SetTag("logplatform.logs.count", outcome.Entries);
        activity?.SetTag("logplatform.request.bytes", body.WrittenCount);

        if (outcome.TooManyEntries)
        {
            telemetry.Refused(StatusCodes.Status413PayloadTooLarge);
            return TypedResults.Problem($"The body holds more than {_options.MaxEntriesPerRequest} logs. Send fewer logs per request.",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too many logs in one request");
        }
        if (!outcome.IsValid)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "invalid input");
            var rejectedLogs = Math.Max(outcome.InvalidEntries, 1);
            telemetry.Rejected(rejectedLogs, body.WrittenCount);
            await deadLetters.PushAsync(deadLetters.Build(body.WrittenSpan, outcome, receivedAt), rejectedLogs);
            return BadRequest(
                text is not null ? "The body holds no log lines. Nothing was accepted."
                : outcome.BodyMalformed
                    ? "The body is not a JSON log, an array of JSON logs, or NDJSON logs. Nothing was accepted."
                    : $"{outcome.InvalidEntries} of {outcome.Entries} logs are invalid ({outcome.ErrorCount} errors). Nothing was accepted; fix them and send the request again.",
                outcome.Errors, outcome.ErrorCount);
        }

        if (!redis.IsConnected) return Unavailable(context);
        EnqueueResult enqueued;
        try
        {
            enqueued = await enqueuer.EnqueueAsync(chunks.Complete(), chunks.Count, TraceParent(activity, request), idempotencyKey,
                text?.Counts.Unparsed ?? 0);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Redis may still be reading the buffers of a timed-out command: do not recycle them.
            chunks.Abandon();
            logger.LogWarning(ex, "Enqueue of {Count} logs failed", chunks.Count);
            activity?.SetStatus(ActivityStatusCode.Error, "enqueue failed");
            return Unavailable(context);
        }

        if (!enqueued.Duplicate)
        {
            telemetry.Accepted(chunks.Count, body.WrittenCount);
            if (text is not null) telemetry.TextAccepted(text.Counts);
        }
        activity?.SetTag("logplatform.ingest.duplicate", enqueued.Duplicate);
        return TypedResults.Json(new IngestAccepted(chunks.Count, enqueued.EntryIds, receivedAt, enqueued.Duplicate, text?.Counts.ToDictionary()),
            IngestJsonContext.Default.IngestAccepted, statusCode: StatusCodes.Status202Accepted);
    }

    private IResult? Admit(HttpContext context)
    {
        if (!backlog.QueueAvailable || !redis.IsConnected) return Unavailable(context);
        if (backlog.Backlog > _options.HighWaterMark)
        {
            telemetry.Refused(StatusCodes.Status429TooManyRequests);
            context.Response.Headers[HeaderNames.RetryAfter] = _options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                $"The queue holds {backlog.Backlog} unstored entries, above the high-water mark of {_options.HighWaterMark}. Retry after {_options.RetryAfterSeconds} s.",
                statusCode: StatusCodes.Status429TooManyRequests, title: "Ingest is busy");
        }
        return null;
    }

    private IResult Unavailable(HttpContext context)
    {
        telemetry.Refused(StatusCodes.Status503ServiceUnavailable);
        context.Response.Headers[HeaderNames.RetryAfter] = _options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem($"The queue (Redis) is unreachable; nothing was accepted. Retry after {_options.RetryAfterSeconds} s.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "Queue unavailable");
    }

    private static IResult BadRequest(string detail, List<IngestError> errors, int? errorCount = null)
        => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid logs",
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = errors,
                ["error_count"] = errorCount ?? errors.Count,
            });

    private bool TryReadDefaults(HttpRequest request, out JsonEncodedText source, out JsonEncodedText application, out string error)
    {
        source = _defaultSource;
        application = _defaultApplication;
        error = "";
        return TryHeader(request, SourceHeader, ref source, ref error) && TryHeader(request, ApplicationHeader, ref application, ref error);

        bool TryHeader(HttpRequest request, string name, ref JsonEncodedText value, ref string error)
        {
            var header = request.Headers[name];
            if (header.Count == 0 || string.IsNullOrWhiteSpace(header[0])) return true;
            var text = header[0]!.Trim();
            if (System.Text.Encoding.UTF8.GetByteCount(text) > _options.MaxNameBytes || text.Contains('\0'))
            {
                error = $"Header {name} must be at most {_options.MaxNameBytes} bytes, without NUL.";
                return false;
            }
            value = JsonEncodedText.Encode(text);
            return true;
        }
    }

    /// <summary>Optional <c>Idempotency-Key</c>: 1..200 visible ASCII characters.</summary>
    private static bool TryReadIdempotencyKey(HttpRequest request, out string? key, out string error)
    {
        key = null;
        error = "";
        var header = request.Headers[IdempotencyKeyHeader];
        if (header.Count == 0) return true;
        var value = header[0] ?? "";
        if (value.Length is 0 or > MaxIdempotencyKeyLength || value.Any(c => c is < '!' or > '~'))
        {
            error = $"Header {IdempotencyKeyHeader} must be 1 to {MaxIdempotencyKeyLength} visible ASCII characters.";
            return false;
        }
        key = value;
        return true;
    }

    private static bool IsNdJson(string? contentType)
        => contentType is not null
           && (contentType.Contains("ndjson", StringComparison.OrdinalIgnoreCase)
               || contentType.Contains("jsonl", StringComparison.OrdinalIgnoreCase)
               || contentType.Contains("json-seq", StringComparison.OrdinalIgnoreCase));

    /// <summary>The W3C traceparent the worker continues: this activity, else the caller's.</summary>
    private static string TraceParent(Activity? activity, HttpRequest request)
    {
        var current = activity ?? Activity.Current;
        if (current is { IdFormat: ActivityIdFormat.W3C, Id: { } id }) return id;
        var header = request.Headers["traceparent"];
        return header.Count > 0 ? header[0] ?? "" : "";
    }
}
