using System.Text.Json;
using Ingest.Api.Parsing;

namespace Ingest.Api.Formats;

/// <summary>
/// Writes a parsed text event through the one stream writer (<see cref="StreamLogWriter"/>), applying the same limits by
/// truncating (and flagging) instead of refusing: a text line is never lost.
/// </summary>
public sealed class TextLogWriter(StreamLogWriter writer)
{
    private IngestOptions Options => writer.Options;

    public void Write(LogChunkWriter output, ReadOnlySpan<byte> line, TextLogRecord record, JsonEncodedText format, in LogDefaults defaults,
        bool invalidUtf8)
    {
        if (StreamLogWriter.Drops(output, record.Level, defaults)) return;
        var timestamp = record.Timestamp ?? defaults.ReceivedAt;
        var implausible = timestamp - defaults.ReceivedAt > Options.MaxFutureSkew;
        var message = record.Resolve(line, record.Message);
        if (message.IsEmpty) message = line[..Utf8Text.TrimEndLength(line, 0, line.Length)];

        // A text line carries no trace ids of its own: the request's are used.
        var json = writer.Begin(output, implausible ? defaults.ReceivedAt : timestamp, record.Level, message,
            record.Resolve(line, record.Source), record.Resolve(line, record.Application), default, default,
            TextFieldNames.Format, format, defaults);
        if (record.Error is { } error) json.WriteString(TextFieldNames.ParseError, error);
        if (implausible) json.WriteString(TextFieldNames.ParseError, "the timestamp is too far after the time of receipt; the time of receipt is used");
        if (invalidUtf8) json.WriteBoolean(TextFieldNames.InvalidUtf8, true);
        var truncated = WriteProperties(json, line, record);
        StreamLogWriter.End(output, json, defaults, truncated);
    }

    /// <summary>The properties that fit in <see cref="IngestOptions.MaxPropertiesBytes"/> (roughly: names and values); the rest are dropped and flagged.</summary>
    private bool WriteProperties(Utf8JsonWriter json, ReadOnlySpan<byte> line, TextLogRecord record)
    {
        var budget = Options.MaxPropertiesBytes;
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
        return truncated;
    }
}
