using Ingest.Api.Formats;
using Ingest.Api.Parsing;
using Ingest.Api.Protocols;
using Ingest.Api.Telemetry;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Logs;

/// <summary>
/// <c>POST /logs</c>: checks its own headers and the text format, then runs the shared pipeline (<see cref="ProtocolIngest"/>:
/// admission, body limit, parsing, dead-letters, all-or-nothing enqueue with idempotency) and answers in its own shape.
/// 202 only after Redis acknowledged the entries.
/// </summary>
public sealed class LogIngestHandler(
    ProtocolIngest ingest,
    LogPayloadParser parser,
    TextPayloadParser textParser,
    IngestTelemetry telemetry,
    IOptions<IngestOptions> options)
{
    public const string Protocol = "logs";
    private readonly IngestOptions _options = options.Value;

    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!TryCheckHeader(request, ProtocolIngest.SourceHeader, out var headerError)
            || !TryCheckHeader(request, ProtocolIngest.ApplicationHeader, out headerError))
        {
            return BadRequest(headerError, []);
        }
        TextFormatChoice? textFormat = null;
        if (TextFormatRequest.IsText(request))
        {
            if (!TextFormatRequest.TrySelect(request, textParser.Formats, out var chosen, out var formatError)) return BadRequest(formatError, []);
            textFormat = chosen;
        }

        using var text = textFormat is null ? null : textParser.StartSession(textFormat);
        var result = await ingest.IngestAsync(context, new LogsBodyMapper(parser, textParser, text), Protocol, cancellationToken);
        switch (result.Status)
        {
            case ProtocolStatus.Accepted or ProtocolStatus.Duplicate:
                var duplicate = result.Status == ProtocolStatus.Duplicate;
                if (!duplicate && text is not null) telemetry.TextAccepted(text.Counts);
                return TypedResults.Json(
                    new IngestAccepted(result.Accepted, result.EntryIds ?? [], result.ReceivedAt, duplicate, text?.Counts.ToDictionary(),
                        result.BelowMinimumLevel),
                    IngestJsonContext.Default.IngestAccepted, statusCode: StatusCodes.Status202Accepted);
            case ProtocolStatus.Invalid when result.Outcome is { } outcome:
                return BadRequest(
                    text is not null ? "The body holds no log lines. Nothing was accepted."
                    : outcome.BodyMalformed
                        ? "The body is not a JSON log, an array of JSON logs, or NDJSON logs. Nothing was accepted."
                        : $"{outcome.InvalidEntries} of {outcome.Entries} logs are invalid ({outcome.ErrorCount} errors). Nothing was accepted; fix them and send the request again.",
                    outcome.Errors, outcome.ErrorCount);
            case ProtocolStatus.Invalid:
                return BadRequest(result.Detail ?? "The request is invalid.", []);
            case ProtocolStatus.TooLarge:
                return TypedResults.Problem(result.Detail, statusCode: StatusCodes.Status413PayloadTooLarge,
                    title: result.Outcome is { TooManyEntries: true } ? "Too many logs in one request" : "Request body too large");
            case ProtocolStatus.Busy:
                return TypedResults.Problem(result.Detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Ingest is busy");
            default:
                return TypedResults.Problem(result.Detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Queue unavailable");
        }
    }

    private static IResult BadRequest(string detail, List<IngestError> errors, int? errorCount = null)
        => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid logs",
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = errors,
                ["error_count"] = errorCount ?? errors.Count,
            });

    /// <summary>
    /// <c>POST /logs</c> refuses an over-long <c>X-Log-Source</c> / <c>X-Log-Application</c> (the protocol doors cut it, since
    /// their clients cannot be told).
    /// </summary>
    private bool TryCheckHeader(HttpRequest request, string name, out string error)
    {
        error = "";
        var header = request.Headers[name];
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header[0])) return true;
        var text = header[0]!.Trim();
        if (System.Text.Encoding.UTF8.GetByteCount(text) <= _options.MaxNameBytes && !text.Contains('\0')) return true;
        error = $"Header {name} must be at most {_options.MaxNameBytes} bytes, without NUL.";
        return false;
    }
}
