using System.Text.Json;
using Ingest.Api.Parsing;

namespace Ingest.Api.Formats;

/// <summary>
/// Writes a parsed event as a normalised log into the same stream payload, with the same field names and order, as
/// the JSON path (<see cref="LogPayloadParser"/>), applying the same limits by truncating (and flagging) instead of
/// refusing: a text line is never lost.
/// </summary>
public sealed class TextLogWriter(IngestOptions options)
{
    public void Write(LogChunkWriter output, ReadOnlySpan<byte> line, TextLogRecord record, JsonEncodedText format, in LogDefaults defaults,
        bool invalidUtf8)
    {
        var json = output.BeginLog();
        json.WriteStartObject();

        var timestamp = record.Timestamp ?? defaults.ReceivedAt;
        var implausible = timestamp - defaults.ReceivedAt > options.MaxFutureSkew;
        json.WriteString(LogPayloadParser.TimestampName, implausible ? defaults.ReceivedAt : timestamp);
        json.WriteString(LogPayloadParser.LevelName, LogPayloadParser.LevelValues[(int)record.Level]);

        var message = record.Resolve(line, record.Message);
        if (message.IsEmpty) message = line[..Utf8Text.TrimEndLength(line, 0, line.Length)];
        var messageLength = Utf8Text.CutAtCharBoundary(message, options.MaxMessageBytes);
        json.WriteString(LogPayloadParser.MessageName, message[..messageLength]);

        WriteName(json, LogPayloadParser.SourceName, record.Resolve(line, record.Source), defaults.Source);
        WriteName(json, LogPayloadParser.ApplicationName, record.Resolve(line, record.Application), defaults.Application);
        if (defaults is { TraceId: { } traceId, SpanId: { } spanId })
        {
            json.WriteString(LogPayloadParser.TraceIdName, traceId);
            json.WriteString(LogPayloadParser.SpanIdName, spanId);
        }

        json.WriteStartObject(LogPayloadParser.PropertiesName);
        json.WriteString(TextFieldNames.Format, format);
        if (record.Error is { } error) json.WriteString(TextFieldNames.ParseError, error);
        if (implausible) json.WriteString(TextFieldNames.ParseError, "the timestamp is too far after the time of receipt; the time of receipt is used");
        if (messageLength < message.Length) json.WriteNumber(TextFieldNames.Truncated, message.Length);
        if (invalidUtf8) json.WriteBoolean(TextFieldNames.InvalidUtf8, true);
        WriteProperties(json, line, record);
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

    /// <summary>The properties that fit in <see cref="IngestOptions.MaxPropertiesBytes"/> (roughly: names and values); the rest are dropped and flagged.</summary>
    private void WriteProperties(Utf8JsonWriter json, ReadOnlySpan<byte> line, TextLogRecord record)
    {
        var budget = options.MaxPropertiesBytes;
        var truncated = record.PropertiesTruncated;
        foreach (var property in record.Properties)
        {
            var name = property.KnownName.EncodedUtf8Bytes.IsEmpty ? record.Resolve(line, property.Name) : default;
            var value = property.Kind == TextPropertyKind.String ? record.Resolve(line, property.Value) : default;
            var size = name.Length + value.Length + 24;
            if (size > budget)
            {
                truncated = true; // this one does not fit; smaller ones after it may
                continue;
            }
            budget -= size;
            if (name.IsEmpty && property.KnownName.EncodedUtf8Bytes.IsEmpty) continue;
            if (name.IsEmpty) json.WritePropertyName(property.KnownName);
            else json.WritePropertyName(name);
            switch (property.Kind)
            {
                case TextPropertyKind.String: json.WriteStringValue(value); break;
                case TextPropertyKind.Encoded: json.WriteStringValue(property.EncodedValue); break;
                case TextPropertyKind.Integer: json.WriteNumberValue(property.Integer); break;
                case TextPropertyKind.Number: json.WriteNumberValue(property.Number); break;
                default: json.WriteBooleanValue(true); break;
            }
        }
        if (truncated) json.WriteBoolean(TextFieldNames.PropertiesTruncated, true);
    }
}
