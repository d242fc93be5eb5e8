using System.Globalization;
using System.Text;
using System.Text.Json;
using Ingest.Api.Parsing;

namespace Ingest.Api.Protocols.Otlp;

/// <summary>
/// OTLP/HTTP JSON logs (the protobuf schema in JSON: lowerCamelCase names, 64-bit integers as strings or numbers, ids as hex),
/// mapped as <see cref="OtlpProtobufMapper"/> maps protobuf. A rejected record is dead-lettered with the request body (JSON
/// has no cheap offsets per record), its index in the reason.
/// </summary>
public sealed class OtlpJsonMapper(StreamLogWriter writer) : IProtocolMapper
{
    private IngestOptions Options => writer.Options;

    public ParseOutcome Map(ReadOnlySpan<byte> body, string? contentType, in LogDefaults defaults, LogChunkWriter output)
    {
        var outcome = new ParseOutcome(Options.MaxReportedErrors);
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            // JSON is UTF-8; the document would parse and then throw when a bad string is read.
            outcome.BodyMalformed = true;
            outcome.AddError(null, null, "not OTLP JSON: the body is not valid UTF-8");
            return outcome;
        }
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            outcome.BodyMalformed = true;
            outcome.AddError(null, null, "not OTLP JSON: " + ex.Message);
            return outcome;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                outcome.BodyMalformed = true;
                outcome.AddError(null, null, "not OTLP JSON: the body must be an ExportLogsServiceRequest object");
                return outcome;
            }
            foreach (var resourceLogs in Array(document.RootElement, "resourceLogs"))
            {
                var resource = resourceLogs.TryGetProperty("resource", out var r) ? r : default;
                var attributes = resource.ValueKind == JsonValueKind.Object ? Array(resource, "attributes") : default;
                string? application = null, source = null, host = null;
                foreach (var attribute in attributes)
                {
                    var key = Text(attribute, "key");
                    var text = attribute.TryGetProperty("value", out var v) ? Text(v, "stringValue") : null;
                    if (key == "service.name") application = text;
                    else if (key == "service.instance.id") source = text;
                    else if (key == "host.name") host = text;
                }
                source ??= host;
                foreach (var scopeLogs in Array(resourceLogs, "scopeLogs"))
                {
                    var scope = scopeLogs.TryGetProperty("scope", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
                    foreach (var record in Array(scopeLogs, "logRecords"))
                    {
                        if (outcome.Entries >= Options.MaxEntriesPerRequest)
                        {
                            outcome.TooManyEntries = true;
                            return outcome;
                        }
                        MapRecord(body, record, scope, attributes, application, source, outcome, defaults, output);
                    }
                }
            }
        }
        return outcome;
    }

    private void MapRecord(ReadOnlySpan<byte> body, JsonElement record, JsonElement scope, JsonElement.ArrayEnumerator resourceAttributes,
        string? application, string? source, ParseOutcome outcome, in LogDefaults defaults, LogChunkWriter output)
    {
        var index = outcome.Entries++;
        string? error = null;
        if (record.ValueKind != JsonValueKind.Object) error = "a log record must be an object";
        var time = error is null ? Unsigned(record, "timeUnixNano") : 0;
        if (time == 0 && error is null) time = Unsigned(record, "observedTimeUnixNano");
        var timestamp = defaults.ReceivedAt;
        if (error is null && time != 0 && !OtlpSeverity.TryTime(time, out timestamp)) error = "timeUnixNano is out of range";
        else if (error is null && timestamp - defaults.ReceivedAt > Options.MaxFutureSkew)
        {
            error = $"the time is more than {Options.MaxFutureSkew} after the time of receipt";
        }
        var bodyValue = error is null && record.TryGetProperty("body", out var b) ? b : default;
        var hasBody = bodyValue.ValueKind == JsonValueKind.Object;
        if (hasBody && !DepthFits(bodyValue, 1)) error = $"the body nests deeper than {Options.MaxPropertiesDepth} levels";
        if (error is null && record.TryGetProperty("attributes", out var attributes) && attributes.ValueKind == JsonValueKind.Array)
        {
            foreach (var attribute in attributes.EnumerateArray())
            {
                if (attribute.TryGetProperty("value", out var value) && !DepthFits(value, 2))
                {
                    error = $"an attribute nests deeper than {Options.MaxPropertiesDepth} levels";
                    break;
                }
            }
        }
        if (error is not null)
        {
            outcome.AddError(index, null, $"log record {index}: {error}");
            outcome.InvalidEntries++;
            outcome.Rejected.Add(new RejectedEntry(index, 0, body.Length, $"log record {index}: {error}"));
            return;
        }

        var severityNumber = SeverityNumber(record);
        var severityText = Text(record, "severityText");
        var eventName = Text(record, "eventName");
        var level = OtlpSeverity.From(severityNumber, Encoding.UTF8.GetBytes(severityText ?? ""));
        if (StreamLogWriter.Drops(output, level, defaults)) return;
        string message;
        string? structured = null;
        if (!hasBody) message = eventName ?? "";
        else if (bodyValue.TryGetProperty("stringValue", out var text) && text.ValueKind == JsonValueKind.String) message = text.GetString()!;
        else message = structured = Render(bodyValue);

        var traceId = Hex(Text(record, "traceId"), 32);
        var spanId = Hex(Text(record, "spanId"), 16);
        var json = writer.Begin(output, timestamp, level,
            Utf8(message), Utf8(source), Utf8(application), Utf8(traceId), Utf8(spanId), ProtocolNames.IngestProtocol,
            OtlpNames.ProtocolName, defaults);
        var start = json.BytesCommitted + json.BytesPending;
        if (scope.ValueKind == JsonValueKind.Object && (Text(scope, "name") is not null || Text(scope, "version") is not null))
        {
            json.WriteStartObject(OtlpNames.Scope);
            if (Text(scope, "name") is { } name) json.WriteString(OtlpNames.ScopeName, Clean(name));
            if (Text(scope, "version") is { } version) json.WriteString(OtlpNames.ScopeVersion, Clean(version));
            json.WriteEndObject();
        }
        if (eventName is not null) json.WriteString(OtlpNames.EventName, Clean(eventName));
        if (severityText is not null) json.WriteString(OtlpNames.SeverityText, Clean(severityText));
        if (severityNumber != 0) json.WriteNumber(OtlpNames.SeverityNumber, severityNumber);
        if (Unsigned(record, "droppedAttributesCount") is var dropped and > 0) json.WriteNumber(OtlpNames.DroppedAttributes, dropped);
        if (Unsigned(record, "flags") is var flags and > 0) json.WriteNumber(OtlpNames.Flags, flags);
        if (structured is not null && Encoding.UTF8.GetByteCount(structured) <= Options.MaxMessageBytes)
        {
            json.WritePropertyName(OtlpNames.Body);
            json.WriteRawValue(structured, skipInputValidation: true);
        }
        var truncated = false;
        if (record.TryGetProperty("attributes", out var recordAttributes) && recordAttributes.ValueKind == JsonValueKind.Array)
        {
            json.WriteStartObject(OtlpNames.Attributes);
            foreach (var attribute in recordAttributes.EnumerateArray())
            {
                if (json.BytesCommitted + json.BytesPending - start > Options.MaxPropertiesBytes)
                {
                    truncated = true;
                    break;
                }
                json.WritePropertyName(Clean(Text(attribute, "key") ?? ""));
                WriteAnyValue(json, attribute.TryGetProperty("value", out var value) ? value : default, 2);
            }
            json.WriteEndObject();
        }
        if (resourceAttributes.Any())
        {
            json.WriteStartObject(OtlpNames.Resource);
            foreach (var attribute in resourceAttributes)
            {
                json.WritePropertyName(Clean(Text(attribute, "key") ?? ""));
                WriteAnyValue(json, attribute.TryGetProperty("value", out var value) ? value : default, 2);
            }
            json.WriteEndObject();
        }
        StreamLogWriter.End(output, json, defaults, truncated);
    }

    private string Render(JsonElement anyValue)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteAnyValue(json, anyValue, 1);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private void WriteAnyValue(Utf8JsonWriter json, JsonElement anyValue, int depth)
    {
        if (anyValue.ValueKind != JsonValueKind.Object)
        {
            json.WriteNullValue();
            return;
        }
        foreach (var member in anyValue.EnumerateObject())
        {
            var value = member.Value;
            switch (member.Name)
            {
                case "stringValue" when value.ValueKind == JsonValueKind.String: json.WriteStringValue(Clean(value.GetString()!)); return;
                case "boolValue" when value.ValueKind is JsonValueKind.True or JsonValueKind.False: json.WriteBooleanValue(value.GetBoolean()); return;
                case "intValue" when TryInteger(value, out var integer): json.WriteNumberValue(integer); return;
                case "doubleValue" when value.ValueKind == JsonValueKind.Number: json.WriteNumberValue(value.GetDouble()); return;
                case "bytesValue" when value.ValueKind == JsonValueKind.String: json.WriteStringValue(Clean(value.GetString()!)); return;
                case "arrayValue" or "kvlistValue" when depth > Options.MaxPropertiesDepth: json.WriteStringValue(OtlpNames.TooDeep); return;
                case "arrayValue":
                    json.WriteStartArray();
                    foreach (var item in Array(value, "values")) WriteAnyValue(json, item, depth + 1);
                    json.WriteEndArray();
                    return;
                case "kvlistValue":
                    json.WriteStartObject();
                    foreach (var item in Array(value, "values"))
                    {
                        json.WritePropertyName(Clean(Text(item, "key") ?? ""));
                        WriteAnyValue(json, item.TryGetProperty("value", out var nested) ? nested : default, depth + 1);
                    }
                    json.WriteEndObject();
                    return;
            }
        }
        json.WriteNullValue();
    }

    private bool DepthFits(JsonElement anyValue, int depth)
    {
        if (depth > Options.MaxPropertiesDepth) return false;
        if (anyValue.ValueKind != JsonValueKind.Object) return true;
        if (anyValue.TryGetProperty("arrayValue", out var array))
        {
            foreach (var item in Array(array, "values")) if (!DepthFits(item, depth + 1)) return false;
        }
        if (anyValue.TryGetProperty("kvlistValue", out var list))
        {
            foreach (var item in Array(list, "values"))
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("value", out var nested) && !DepthFits(nested, depth + 1)) return false;
            }
        }
        return true;
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : default;

    private static string? Text(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static ulong Unsigned(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value)) return 0;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var number)) return number;
        return value.ValueKind == JsonValueKind.String && ulong.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number)
            ? number
            : 0;
    }

    private static bool TryInteger(JsonElement value, out long integer)
    {
        integer = 0;
        return value.ValueKind == JsonValueKind.Number ? value.TryGetInt64(out integer)
            : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out integer);
    }

    /// <summary>A number, or the enum's name (<c>SEVERITY_NUMBER_WARN</c>) as protobuf's JSON mapping allows.</summary>
    private static long SeverityNumber(JsonElement record)
    {
        if (!record.TryGetProperty("severityNumber", out var value)) return 0;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)) return number;
        if (value.GetString() is not { } name || !name.StartsWith("SEVERITY_NUMBER_", StringComparison.Ordinal)) return 0;
        ReadOnlySpan<string> names = ["TRACE", "TRACE2", "TRACE3", "TRACE4", "DEBUG", "DEBUG2", "DEBUG3", "DEBUG4", "INFO", "INFO2", "INFO3", "INFO4",
            "WARN", "WARN2", "WARN3", "WARN4", "ERROR", "ERROR2", "ERROR3", "ERROR4", "FATAL", "FATAL2", "FATAL3", "FATAL4"];
        return names.IndexOf(name["SEVERITY_NUMBER_".Length..]) + 1;
    }

    /// <summary>Lower-case hex of the given length (an id of zeros is none), else null.</summary>
    private static string? Hex(string? id, int length)
        => id is not null && id.Length == length && id.All(char.IsAsciiHexDigit) && id.Any(c => c != '0') ? id.ToLowerInvariant() : null;

    private static string Clean(string text) => text.Contains('\0') ? text.Replace('\0', '\uFFFD') : text;

    private static ReadOnlySpan<byte> Utf8(string? text) => text is null ? default : Encoding.UTF8.GetBytes(Clean(text));
}
