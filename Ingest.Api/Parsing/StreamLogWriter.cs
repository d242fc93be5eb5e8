using System.Text.Json;
using Ingest.Api.Formats;
using LogPlatform.Contracts;

namespace Ingest.Api.Parsing;

/// <summary>
/// Writes one normalised log into a stream entry's payload, the same for every door (JSON, text formats, syslog, uploads,
/// CLEF, OTLP, Loki): <c>timestamp, level, message, source, application, [trace_id, span_id], properties, received_at</c>
/// (<see cref="StreamFieldNames"/>). The JSON path copies validated raw JSON (<see cref="WriteRaw"/>); the others write
/// decoded text: <see cref="Begin"/>, their own members of <c>properties</c>, then <see cref="End"/>.
/// </summary>
public sealed class StreamLogWriter(IngestOptions options)
{
    public IngestOptions Options => options;

    /// <summary>
    /// True (and counted) when a valid log is below the request's minimum level (<see cref="LogDefaults.MinimumLevel"/>):
    /// every door asks before writing, so a client that ignores the hint (Seq's <c>MinimumLevelAccepted</c>) cannot flood.
    /// </summary>
    public static bool Drops(LogChunkWriter output, LogSeverity level, in LogDefaults defaults)
    {
        if (level >= defaults.MinimumLevel) return false;
        output.BelowMinimumLevel++;
        return true;
    }

    /// <summary>
    /// Starts a log from decoded UTF-8 text and opens its <c>properties</c> with the door's member (<c>format</c> for the text
    /// formats, <c>ingest_protocol</c> for the protocols). Over-long values are cut at a character boundary (the message's
    /// cut flagged), never refused; an empty source or application is the request's default; the ids are kept when the trace
    /// id is given and within the limit, else the request's own trace is used.
    /// </summary>
    public Utf8JsonWriter Begin(LogChunkWriter output, DateTimeOffset timestamp, LogSeverity level, ReadOnlySpan<byte> message,
        ReadOnlySpan<byte> source, ReadOnlySpan<byte> application, ReadOnlySpan<byte> traceId, ReadOnlySpan<byte> spanId,
        JsonEncodedText doorName, JsonEncodedText door, in LogDefaults defaults)
    {
        var json = Start(output, timestamp, level);
        var messageLength = Utf8Text.CutAtCharBoundary(message, options.MaxMessageBytes);
        json.WriteString(StreamFieldNames.Message, message[..messageLength]);
        WriteName(json, StreamFieldNames.Source, source, defaults.Source);
        WriteName(json, StreamFieldNames.Application, application, defaults.Application);
        if (!traceId.IsEmpty && traceId.Length <= options.MaxIdBytes)
        {
            json.WriteString(StreamFieldNames.TraceId, traceId);
            if (!spanId.IsEmpty && spanId.Length <= options.MaxIdBytes) json.WriteString(StreamFieldNames.SpanId, spanId);
        }
        else WriteRequestTrace(json, defaults);
        json.WriteStartObject(StreamFieldNames.Properties);
        json.WriteString(doorName, door);
        if (messageLength < message.Length) json.WriteNumber(StreamFieldNames.MessageTruncated, message.Length);
        return json;
    }

    /// <summary>Closes <c>properties</c> (flagging dropped ones) and the log.</summary>
    public static void End(LogChunkWriter output, Utf8JsonWriter json, in LogDefaults defaults, bool propertiesTruncated)
    {
        if (propertiesTruncated) json.WriteBoolean(StreamFieldNames.PropertiesTruncated, true);
        json.WriteEndObject();
        Finish(output, json, defaults);
    }

    /// <summary>
    /// A whole log from raw JSON tokens (quotes and escapes included) already validated against the limits (<c>POST /logs</c>),
    /// copied as they are. An empty source or application is the request's default; without either id, the request's own
    /// trace; <paramref name="properties"/> (a raw JSON object) only when not empty.
    /// </summary>
    public static void WriteRaw(LogChunkWriter output, DateTimeOffset timestamp, LogSeverity level, ReadOnlySpan<byte> message,
        ReadOnlySpan<byte> source, ReadOnlySpan<byte> application, ReadOnlySpan<byte> traceId, ReadOnlySpan<byte> spanId,
        ReadOnlySpan<byte> properties, in LogDefaults defaults)
    {
        var json = Start(output, timestamp, level);
        WriteRaw(json, StreamFieldNames.Message, message);
        if (!source.IsEmpty) WriteRaw(json, StreamFieldNames.Source, source);
        else json.WriteString(StreamFieldNames.Source, defaults.Source);
        if (!application.IsEmpty) WriteRaw(json, StreamFieldNames.Application, application);
        else json.WriteString(StreamFieldNames.Application, defaults.Application);
        if (!traceId.IsEmpty || !spanId.IsEmpty)
        {
            if (!traceId.IsEmpty) WriteRaw(json, StreamFieldNames.TraceId, traceId);
            if (!spanId.IsEmpty) WriteRaw(json, StreamFieldNames.SpanId, spanId);
        }
        else WriteRequestTrace(json, defaults);
        if (!properties.IsEmpty) WriteRaw(json, StreamFieldNames.Properties, properties);
        Finish(output, json, defaults);
    }

    private static Utf8JsonWriter Start(LogChunkWriter output, DateTimeOffset timestamp, LogSeverity level)
    {
        var json = output.BeginLog();
        json.WriteStartObject();
        json.WriteString(StreamFieldNames.Timestamp, timestamp);
        json.WriteString(StreamFieldNames.Level, StreamFieldNames.LevelValues[(int)level]);
        return json;
    }

    private static void Finish(LogChunkWriter output, Utf8JsonWriter json, in LogDefaults defaults)
    {
        json.WriteString(StreamFieldNames.ReceivedAt, defaults.ReceivedAt);
        json.WriteEndObject();
        output.EndLog();
    }

    private static void WriteRequestTrace(Utf8JsonWriter json, in LogDefaults defaults)
    {
        if (defaults is not { TraceId: { } requestTrace, SpanId: { } requestSpan }) return;
        json.WriteString(StreamFieldNames.TraceId, requestTrace);
        json.WriteString(StreamFieldNames.SpanId, requestSpan);
    }

    private static void WriteRaw(Utf8JsonWriter json, JsonEncodedText name, ReadOnlySpan<byte> raw)
    {
        json.WritePropertyName(name);
        json.WriteRawValue(raw, skipInputValidation: true);
    }

    private void WriteName(Utf8JsonWriter json, JsonEncodedText name, ReadOnlySpan<byte> value, JsonEncodedText fallback)
    {
        if (value.IsEmpty) json.WriteString(name, fallback);
        else json.WriteString(name, value[..Utf8Text.CutAtCharBoundary(value, options.MaxNameBytes)]);
    }
}
