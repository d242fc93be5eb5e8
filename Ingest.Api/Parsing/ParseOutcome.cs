using System.Text.Json;
using System.Text.Json.Serialization;
using LogPlatform.Contracts;

namespace Ingest.Api.Parsing;

/// <summary>How the request body is framed.</summary>
public enum PayloadFormat
{
    /// <summary>One JSON object, or a JSON array of objects.</summary>
    Json,
    /// <summary>Newline-delimited JSON objects (<c>application/x-ndjson</c>).</summary>
    NdJson,
}

/// <summary>One problem with the input: which entry (0-based, null for the body as a whole), which field, and why.</summary>
public sealed record IngestError(
    [property: JsonPropertyName("index")] int? Index,
    [property: JsonPropertyName("field")] string? Field,
    [property: JsonPropertyName("error")] string Error);

/// <summary>An invalid entry: where it is in the body and why it was refused, for the dead-letter list.</summary>
public readonly record struct RejectedEntry(int Index, int Start, int Length, string Reason);

/// <summary>
/// What applies to every log of one request that does not say otherwise. A log without a trace of its own is given the
/// request's trace, so its whole trip (ingest, worker, gateway) can be found from the log.
/// </summary>
/// <remarks>
/// Encoded once per request, as <see cref="Source"/> is: the parser writes them into every log without a trace.
/// <see cref="MinimumLevel"/> is the API key's configured minimum: logs below it are counted and dropped, not stored.
/// </remarks>
public readonly record struct LogDefaults(JsonEncodedText Source, JsonEncodedText Application, DateTimeOffset ReceivedAt,
    JsonEncodedText? TraceId = null, JsonEncodedText? SpanId = null, LogSeverity MinimumLevel = LogSeverity.Trace);

/// <summary>The result of parsing one body: the count written, or every error (capped) and the rejected entries.</summary>
public sealed class ParseOutcome
{
    private readonly int _maxReportedErrors;

    public ParseOutcome(int maxReportedErrors) => _maxReportedErrors = maxReportedErrors;

    /// <summary>Entries seen (valid or not).</summary>
    public int Entries { get; internal set; }

    /// <summary>Errors, at most the configured number; <see cref="ErrorCount"/> has the total.</summary>
    public List<IngestError> Errors { get; } = [];
    public int ErrorCount { get; private set; }

    /// <summary>Entries that were invalid (each may have several errors).</summary>
    public int InvalidEntries { get; internal set; }
    public List<RejectedEntry> Rejected { get; } = [];

    /// <summary>The body is not JSON, or not an object / array of objects: nothing in it can be trusted.</summary>
    public bool BodyMalformed { get; internal set; }

    /// <summary>
    /// The body is binary (protobuf): what is dead-lettered from it is kept as base64 (<c>entry_base64</c>), since its
    /// bytes are not text, even when they happen to be valid UTF-8.
    /// </summary>
    public bool BinaryBody { get; internal set; }

    /// <summary>The body holds more logs than allowed (answered 413).</summary>
    public bool TooManyEntries { get; internal set; }

    /// <summary>Text lines no format matched (kept with their raw text as the message), counted in the stream's stats.</summary>
    public int Unparsed { get; internal set; }

    public bool IsValid => ErrorCount == 0 && !TooManyEntries;

    internal void AddError(int? index, string? field, string error)
    {
        ErrorCount++;
        if (Errors.Count < _maxReportedErrors) Errors.Add(new IngestError(index, field, error));
    }
}
