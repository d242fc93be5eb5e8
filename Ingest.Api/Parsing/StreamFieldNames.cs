using System.Text.Json;
using LogPlatform.Contracts;

namespace Ingest.Api.Parsing;

/// <summary>
/// The names of a normalised log's fields in a stream entry's payload (what the worker reads), and the flags every door may
/// add to its <c>properties</c>, encoded once.
/// </summary>
public static class StreamFieldNames
{
    public static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    public static readonly JsonEncodedText Level = JsonEncodedText.Encode("level");
    public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    public static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
    public static readonly JsonEncodedText Application = JsonEncodedText.Encode("application");
    public static readonly JsonEncodedText TraceId = JsonEncodedText.Encode("trace_id");
    public static readonly JsonEncodedText SpanId = JsonEncodedText.Encode("span_id");
    public static readonly JsonEncodedText Properties = JsonEncodedText.Encode("properties");
    public static readonly JsonEncodedText ReceivedAt = JsonEncodedText.Encode("received_at");

    /// <summary>The wire name of each <see cref="LogSeverity"/>, indexed by its value.</summary>
    public static readonly JsonEncodedText[] LevelValues =
        Enum.GetValues<LogSeverity>().Select(l => JsonEncodedText.Encode(l.ToWireName())).ToArray();

    /// <summary>The message was cut at the limit: its length in bytes before the cut.</summary>
    public static readonly JsonEncodedText MessageTruncated = JsonEncodedText.Encode("truncated_bytes");

    /// <summary>Some properties did not fit in the limit and were dropped.</summary>
    public static readonly JsonEncodedText PropertiesTruncated = JsonEncodedText.Encode("properties_truncated");
}
