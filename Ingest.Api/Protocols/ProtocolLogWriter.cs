using System.Buffers;
using System.Text;
using System.Text.Json;
using Ingest.Api.Formats;
using Ingest.Api.Parsing;
using LogPlatform.Contracts;

namespace Ingest.Api.Protocols;

/// <summary>
/// Writes one mapped log into the stream payload with the same field names and order as <c>POST /logs</c>
/// (<see cref="LogPayloadParser"/>): <c>timestamp, level, message, source, application, [trace_id, span_id],
/// properties, received_at</c>. Over-long names and messages are cut at a character boundary (and flagged), never refused.
/// Call <see cref="Begin"/>, write the properties' members on the writer it returns, then <see cref="End"/>.
/// </summary>
public sealed class ProtocolLogWriter(IngestOptions options)
{
    public IngestOptions Options => options;

    public Utf8JsonWriter Begin(LogChunkWriter output, DateTimeOffset timestamp, LogSeverity level, ReadOnlySpan<byte> message,
        ReadOnlySpan<byte> source, ReadOnlySpan<byte> application, ReadOnlySpan<byte> traceId, ReadOnlySpan<byte> spanId,
        JsonEncodedText protocol, in LogDefaults defaults)
    {
        var json = output.BeginLog();
        json.WriteStartObject();
        json.WriteString(LogPayloadParser.TimestampName, timestamp);
        json.WriteString(LogPayloadParser.LevelName, LogPayloadParser.LevelValues[(int)level]);
        var messageLength = Utf8Text.CutAtCharBoundary(message, options.MaxMessageBytes);
        json.WriteString(LogPayloadParser.MessageName, message[..messageLength]);
        WriteName(json, LogPayloadParser.SourceName, source, defaults.Source);
        WriteName(json, LogPayloadParser.ApplicationName, application, defaults.Application);
        if (!traceId.IsEmpty && traceId.Length <= options.MaxIdBytes)
        {
            json.WriteString(LogPayloadParser.TraceIdName, traceId);
            if (!spanId.IsEmpty && spanId.Length <= options.MaxIdBytes) json.WriteString(LogPayloadParser.SpanIdName, spanId);
        }
        else if (defaults is { TraceId: { } requestTrace, SpanId: { } requestSpan })
        {
            json.WriteString(LogPayloadParser.TraceIdName, requestTrace);
            json.WriteString(LogPayloadParser.SpanIdName, requestSpan);
        }
        json.WriteStartObject(LogPayloadParser.PropertiesName);
        json.WriteString(ProtocolNames.IngestProtocol, protocol);
        if (messageLength < message.Length) json.WriteNumber(ProtocolNames.Truncated, message.Length);
        return json;
    }

    public void End(LogChunkWriter output, Utf8JsonWriter json, in LogDefaults defaults, bool propertiesTruncated)
    {
        if (propertiesTruncated) json.WriteBoolean(ProtocolNames.PropertiesTruncated, true);
        json.WriteEndObject();
        json.WriteString(LogPayloadParser.ReceivedAtName, defaults.ReceivedAt);
        json.WriteEndObject();
        output.EndLog();
    }

    private void WriteName(Utf8JsonWriter json, JsonEncodedText name, ReadOnlySpan<byte> value, JsonEncodedText fallback)
    {
        if (value.IsEmpty) json.WriteString(name, fallback);
        else json.WriteString(name, value[..Utf8Text.CutAtCharBoundary(value, options.MaxNameBytes)]);
    }
}
