using System.Text.Json;

namespace Ingest.Api.Parsing;

/// <summary>
/// The names (and common aliases from other loggers: <c>msg</c>, <c>@timestamp</c>, <c>severity</c>, <c>traceId</c> ...)
/// that map to each <see cref="LogField"/>; exact, case-sensitive.
/// </summary>
public static class LogFieldAliases
{
    public static LogField Classify(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.ValueSpan.Length > 16)
        {
            // Rare: an escaped name. Compare decoded text.
            if (reader.ValueSpan.Length > 64) return LogField.Unknown;
            Span<byte> decoded = stackalloc byte[64];
            var n = reader.CopyString(decoded);
            return Classify(decoded[..n]);
        }
        return Classify(reader.ValueSpan);
    }

    public static LogField Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when name.SequenceEqual("ts"u8) => LogField.Timestamp,
        3 when name.SequenceEqual("msg"u8) => LogField.Message,
        3 when name.SequenceEqual("app"u8) => LogField.Application,
        4 when name.SequenceEqual("time"u8) => LogField.Timestamp,
        5 when name.SequenceEqual("level"u8) => LogField.Level,
        6 when name.SequenceEqual("source"u8) => LogField.Source,
        6 when name.SequenceEqual("spanId"u8) => LogField.SpanId,
        7 when name.SequenceEqual("message"u8) => LogField.Message,
        7 when name.SequenceEqual("span_id"u8) => LogField.SpanId,
        7 when name.SequenceEqual("traceId"u8) => LogField.TraceId,
        8 when name.SequenceEqual("severity"u8) => LogField.Level,
        8 when name.SequenceEqual("trace_id"u8) => LogField.TraceId,
        8 when name.SequenceEqual("metadata"u8) => LogField.Properties,
        9 when name.SequenceEqual("timestamp"u8) => LogField.Timestamp,
        10 when name.SequenceEqual("@timestamp"u8) => LogField.Timestamp,
        10 when name.SequenceEqual("properties"u8) => LogField.Properties,
        11 when name.SequenceEqual("application"u8) => LogField.Application,
        _ => LogField.Unknown,
    };
}
