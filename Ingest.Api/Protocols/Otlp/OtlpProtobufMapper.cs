using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Ingest.Api.Parsing;
using static Ingest.Api.Protocols.Otlp.ProtoReader;

namespace Ingest.Api.Protocols.Otlp;

/// <summary>
/// OTLP/HTTP protobuf logs (<c>ExportLogsServiceRequest</c>), decoded straight from the wire format. Per record:
/// <c>time_unix_nano</c> (else <c>observed_time_unix_nano</c>, else the time of receipt), severity number/text → level,
/// a string body → message (a structured body is rendered as JSON into the message and kept as <c>properties.body</c>),
/// <c>service.name</c> → application, <c>service.instance.id</c> / <c>host.name</c> → source, trace/span ids as hex, and
/// <c>properties.attributes</c>, <c>properties.resource</c>, <c>properties.scope</c>, <c>event_name</c>. A record with an
/// implausible time or attributes nested too deep is rejected alone (OTLP's partial success); a body that is not OTLP
/// protobuf fails the request.
/// </summary>
public sealed class OtlpProtobufMapper(ProtocolLogWriter writer) : IProtocolMapper
{
    private static readonly JsonWriterOptions ResourceWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private IngestOptions Options => writer.Options;

    /// <summary>Per-request state: the resource's attributes rendered once per <c>ResourceLogs</c>, and scratch.</summary>
    private sealed class RequestState : IDisposable
    {
        public readonly PooledBufferWriter Resource = new(1024);
        public readonly PooledBufferWriter Message = new(1024);
        public Utf8JsonWriter? ResourceJson;
        public Utf8JsonWriter? MessageJson;

        public void Dispose()
        {
            ResourceJson?.Dispose();
            MessageJson?.Dispose();
            Resource.Dispose();
            Message.Dispose();
        }
    }

    private ref struct ResourceInfo
    {
        public ReadOnlySpan<byte> Application, Source, HostName;
        public ReadOnlySpan<byte> Attributes; // rendered JSON object, or empty
    }

    private ref struct ScopeInfo
    {
        public ReadOnlySpan<byte> Name, Version;
    }

    public ParseOutcome Map(ReadOnlySpan<byte> body, string? contentType, in LogDefaults defaults, LogChunkWriter output)
    {
        var outcome = new ParseOutcome(Options.MaxReportedErrors);
        using var state = new RequestState();
        try
        {
            var request = new ProtoReader(body);
            while (request.TryReadTag(out var field, out var wireType))
            {
                if (field != 1)
                {
                    request.Skip(wireType);
                    continue;
                }
                Expect(wireType, LengthDelimited);
                var (start, length) = request.ReadRange();
                if (!MapResourceLogs(body, start, length, outcome, state, defaults, output)) break;
            }
        }
        catch (InvalidDataException ex)
        {
            outcome.BodyMalformed = true;
            outcome.AddError(null, null, ex.Message);
        }
        return outcome;
    }

    /// <returns>false when no more records may be read.</returns>
    private bool MapResourceLogs(ReadOnlySpan<byte> body, int start, int length, ParseOutcome outcome, RequestState state, in LogDefaults defaults,
        LogChunkWriter output)
    {
        var data = body.Slice(start, length);
        var resource = new ResourceInfo();
        var reader = new ProtoReader(data);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == 1 && wireType == LengthDelimited) resource = ReadResource(reader.ReadBytes(), state);
            else reader.Skip(wireType);
        }
        reader = new ProtoReader(data);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field != 2)
            {
                reader.Skip(wireType);
                continue;
            }
            Expect(wireType, LengthDelimited);
            var (scopeStart, scopeLength) = reader.ReadRange();
            if (!MapScopeLogs(body, start + scopeStart, scopeLength, resource, outcome, state, defaults, output)) return false;
        }
        return true;
    }

    private ResourceInfo ReadResource(ReadOnlySpan<byte> resource, RequestState state)
    {
        var info = new ResourceInfo();
        state.Resource.Clear();
        var json = state.ResourceJson ??= new Utf8JsonWriter(state.Resource, ResourceWriterOptions);
        json.Reset(state.Resource);
        json.WriteStartObject();
        var reader = new ProtoReader(resource);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field != 1 || wireType != LengthDelimited)
            {
                reader.Skip(wireType);
                continue;
            }
            var keyValue = reader.ReadBytes();
            ReadKeyValue(keyValue, out var key, out var value);
            if (StringValue(value) is { IsEmpty: false } text)
            {
                if (key.SequenceEqual("service.name"u8)) info.Application = text;
                else if (key.SequenceEqual("service.instance.id"u8)) info.Source = text;
                else if (key.SequenceEqual("host.name"u8)) info.HostName = text;
            }
            WriteSafeName(json, key);
            WriteAnyValue(json, value, 1);
        }
        json.WriteEndObject();
        json.Flush();
        info.Attributes = state.Resource.WrittenSpan;
        if (info.Source.IsEmpty) info.Source = info.HostName;
        return info;
    }

    private bool MapScopeLogs(ReadOnlySpan<byte> body, int start, int length, in ResourceInfo resource, ParseOutcome outcome, RequestState state,
        in LogDefaults defaults, LogChunkWriter output)
    {
        var data = body.Slice(start, length);
        var scope = new ScopeInfo();
        var reader = new ProtoReader(data);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == 1 && wireType == LengthDelimited)
            {
                var scopeReader = new ProtoReader(reader.ReadBytes());
                while (scopeReader.TryReadTag(out var f, out var w))
                {
                    if (f == 1 && w == LengthDelimited) scope.Name = scopeReader.ReadBytes();
                    else if (f == 2 && w == LengthDelimited) scope.Version = scopeReader.ReadBytes();
                    else scopeReader.Skip(w);
                }
            }
            else reader.Skip(wireType);
        }
        reader = new ProtoReader(data);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field != 2)
            {
                reader.Skip(wireType);
                continue;
            }
            Expect(wireType, LengthDelimited);
            if (outcome.Entries >= Options.MaxEntriesPerRequest)
            {
                outcome.TooManyEntries = true;
                return false;
            }
            var (recordStart, recordLength) = reader.ReadRange();
            MapRecord(body, start + recordStart, recordLength, resource, scope, outcome, state, defaults, output);
        }
        return true;
    }

    private void MapRecord(ReadOnlySpan<byte> body, int start, int length, in ResourceInfo resource, in ScopeInfo scope, ParseOutcome outcome,
        RequestState state, in LogDefaults defaults, LogChunkWriter output)
    {
        var index = outcome.Entries++;
        var record = body.Slice(start, length);
        ulong time = 0, observed = 0;
        long severityNumber = 0, dropped = 0;
        uint flags = 0;
        ReadOnlySpan<byte> severityText = default, bodyValue = default, traceId = default, spanId = default, eventName = default;
        var hasBody = false;
        string? error = null;

        var reader = new ProtoReader(record);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1: Expect(wireType, Fixed64); time = reader.ReadFixed64(); break;
                case 11: Expect(wireType, Fixed64); observed = reader.ReadFixed64(); break;
                case 2: Expect(wireType, Varint); severityNumber = (long)reader.ReadVarint(); break;
                case 3: Expect(wireType, LengthDelimited); severityText = reader.ReadBytes(); break;
                case 5: Expect(wireType, LengthDelimited); bodyValue = reader.ReadBytes(); hasBody = true; break;
                case 6:
                    Expect(wireType, LengthDelimited);
                    ReadKeyValue(reader.ReadBytes(), out _, out var value);
                    if (error is null && !DepthFits(value, 2)) error = $"an attribute nests deeper than {Options.MaxPropertiesDepth} levels";
                    break;
                case 7: Expect(wireType, Varint); dropped = (long)reader.ReadVarint(); break;
                case 8: Expect(wireType, Fixed32); flags = reader.ReadFixed32(); break;
                case 9: Expect(wireType, LengthDelimited); traceId = reader.ReadBytes(); break;
                case 10: Expect(wireType, LengthDelimited); spanId = reader.ReadBytes(); break;
                case 12: Expect(wireType, LengthDelimited); eventName = reader.ReadBytes(); break;
                default: reader.Skip(wireType); break;
            }
        }

        var nanos = time != 0 ? time : observed;
        var timestamp = defaults.ReceivedAt;
        if (nanos != 0 && !OtlpSeverity.TryTime(nanos, out timestamp)) error ??= "time_unix_nano is out of range";
        else if (timestamp - defaults.ReceivedAt > Options.MaxFutureSkew) error ??= $"the time is more than {Options.MaxFutureSkew} after the time of receipt";
        if (hasBody && error is null && !DepthFits(bodyValue, 1)) error = $"the body nests deeper than {Options.MaxPropertiesDepth} levels";
        if (error is not null)
        {
            outcome.AddError(index, null, $"log record {index}: {error}");
            outcome.InvalidEntries++;
            outcome.Rejected.Add(new RejectedEntry(index, start, length, error));
            return;
        }

        ReadOnlySpan<byte> message;
        var structuredBody = false;
        var messageState = state.Message;
        if (!hasBody) message = Safe(eventName, messageState);
        else if (IsString(bodyValue)) message = Safe(StringValue(bodyValue), messageState);
        else
        {
            structuredBody = true;
            messageState.Clear();
            var bodyJson = state.MessageJson ??= new Utf8JsonWriter(messageState, ResourceWriterOptions);
            bodyJson.Reset(messageState);
            WriteAnyValue(bodyJson, bodyValue, 1);
            bodyJson.Flush();
            message = messageState.WrittenSpan;
        }

        Span<byte> traceHex = stackalloc byte[32];
        Span<byte> spanHex = stackalloc byte[16];
        var traceText = traceId.Length == 16 && traceId.IndexOfAnyExcept((byte)0) >= 0 ? Hex(traceId, traceHex) : default;
        var spanText = spanId.Length == 8 && spanId.IndexOfAnyExcept((byte)0) >= 0 ? Hex(spanId, spanHex) : default;

        var json = writer.Begin(output, timestamp, OtlpSeverity.From(severityNumber, severityText), message, resource.Source, resource.Application,
            traceText, spanText, OtlpNames.ProtocolName, defaults);
        var propertiesStart = json.BytesCommitted + json.BytesPending;
        if (!scope.Name.IsEmpty || !scope.Version.IsEmpty)
        {
            json.WriteStartObject(OtlpNames.Scope);
            if (!scope.Name.IsEmpty) WriteSafeString(json, OtlpNames.ScopeName, scope.Name);
            if (!scope.Version.IsEmpty) WriteSafeString(json, OtlpNames.ScopeVersion, scope.Version);
            json.WriteEndObject();
        }
        if (!eventName.IsEmpty) WriteSafeString(json, OtlpNames.EventName, eventName);
        if (!severityText.IsEmpty) WriteSafeString(json, OtlpNames.SeverityText, severityText);
        if (severityNumber != 0) json.WriteNumber(OtlpNames.SeverityNumber, severityNumber);
        if (dropped != 0) json.WriteNumber(OtlpNames.DroppedAttributes, dropped);
        if (flags != 0) json.WriteNumber(OtlpNames.Flags, flags);
        if (structuredBody && message.Length <= Options.MaxMessageBytes)
        {
            json.WritePropertyName(OtlpNames.Body);
            json.WriteRawValue(message, skipInputValidation: true);
        }
        var truncated = false;
        reader = new ProtoReader(record);
        var opened = false;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field != 6)
            {
                reader.Skip(wireType);
                continue;
            }
            ReadKeyValue(reader.ReadBytes(), out var key, out var value);
            if (json.BytesCommitted + json.BytesPending - propertiesStart + key.Length + value.Length > Options.MaxPropertiesBytes)
            {
                truncated = true;
                continue;
            }
            if (!opened) json.WriteStartObject(OtlpNames.Attributes);
            opened = true;
            WriteSafeName(json, key);
            WriteAnyValue(json, value, 2);
        }
        if (opened) json.WriteEndObject();
        if (resource.Attributes.Length > 2 && resource.Attributes.Length <= Options.MaxPropertiesBytes)
        {
            json.WritePropertyName(OtlpNames.Resource);
            json.WriteRawValue(resource.Attributes, skipInputValidation: true);
        }
        writer.End(output, json, defaults, truncated);
    }

    private static void ReadKeyValue(ReadOnlySpan<byte> keyValue, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        key = default;
        value = default;
        var reader = new ProtoReader(keyValue);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == 1 && wireType == LengthDelimited) key = reader.ReadBytes();
            else if (field == 2 && wireType == LengthDelimited) value = reader.ReadBytes();
            else reader.Skip(wireType);
        }
    }

    /// <summary>The AnyValue's string, when it is one (the last field of the oneof wins, as in protobuf).</summary>
    private static ReadOnlySpan<byte> StringValue(ReadOnlySpan<byte> anyValue)
    {
        ReadOnlySpan<byte> text = default;
        var reader = new ProtoReader(anyValue);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == 1 && wireType == LengthDelimited) text = reader.ReadBytes();
            else reader.Skip(wireType);
        }
        return text;
    }

    private static bool IsString(ReadOnlySpan<byte> anyValue)
    {
        var reader = new ProtoReader(anyValue);
        var isString = false;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            isString = field == 1;
            reader.Skip(wireType);
        }
        return isString;
    }

    private bool DepthFits(ReadOnlySpan<byte> anyValue, int depth)
    {
        if (depth > Options.MaxPropertiesDepth) return false;
        var reader = new ProtoReader(anyValue);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field is 5 or 6 && wireType == LengthDelimited)
            {
                var list = new ProtoReader(reader.ReadBytes());
                while (list.TryReadTag(out var f, out var w))
                {
                    if (f != 1 || w != LengthDelimited)
                    {
                        list.Skip(w);
                        continue;
                    }
                    var item = list.ReadBytes();
                    var nested = item;
                    if (field == 6) ReadKeyValue(item, out _, out nested);
                    if (!DepthFits(nested, depth + 1)) return false;
                }
            }
            else reader.Skip(wireType);
        }
        return true;
    }

    /// <summary>An AnyValue as JSON: string, bool, int64, double, array, object (kvlist), bytes as base64, empty as null.</summary>
    private void WriteAnyValue(Utf8JsonWriter json, ReadOnlySpan<byte> anyValue, int depth)
    {
        var reader = new ProtoReader(anyValue);
        var field = 0;
        var wireType = 0;
        var last = -1;
        while (reader.TryReadTag(out var f, out var w))
        {
            last = reader.Position;
            field = f;
            wireType = w;
            reader.Skip(w);
        }
        if (last < 0)
        {
            json.WriteNullValue();
            return;
        }
        // Re-read the last field of the oneof.
        reader = new ProtoReader(anyValue);
        while (reader.TryReadTag(out var f, out var w) && reader.Position != last) reader.Skip(w);
        switch (field)
        {
            case 1 when wireType == LengthDelimited: WriteSafeValue(json, reader.ReadBytes()); break;
            case 2 when wireType == Varint: json.WriteBooleanValue(reader.ReadVarint() != 0); break;
            case 3 when wireType == Varint: json.WriteNumberValue((long)reader.ReadVarint()); break;
            case 4 when wireType == Fixed64:
                var real = BitConverter.UInt64BitsToDouble(reader.ReadFixed64());
                if (double.IsFinite(real)) json.WriteNumberValue(real);
                else json.WriteStringValue(real.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case 7 when wireType == LengthDelimited: json.WriteBase64StringValue(reader.ReadBytes()); break;
            case 5 or 6 when wireType == LengthDelimited && depth > Options.MaxPropertiesDepth: json.WriteStringValue(OtlpNames.TooDeep); break;
            case 5 when wireType == LengthDelimited:
                json.WriteStartArray();
                var array = new ProtoReader(reader.ReadBytes());
                while (array.TryReadTag(out var f, out var w))
                {
                    if (f == 1 && w == LengthDelimited) WriteAnyValue(json, array.ReadBytes(), depth + 1);
                    else array.Skip(w);
                }
                json.WriteEndArray();
                break;
            case 6 when wireType == LengthDelimited:
                json.WriteStartObject();
                var list = new ProtoReader(reader.ReadBytes());
                while (list.TryReadTag(out var f, out var w))
                {
                    if (f != 1 || w != LengthDelimited)
                    {
                        list.Skip(w);
                        continue;
                    }
                    ReadKeyValue(list.ReadBytes(), out var key, out var value);
                    WriteSafeName(json, key);
                    WriteAnyValue(json, value, depth + 1);
                }
                json.WriteEndObject();
                break;
            default: json.WriteNullValue(); break;
        }
    }

    private static ReadOnlySpan<byte> Hex(ReadOnlySpan<byte> id, Span<byte> target)
    {
        const string digits = "0123456789abcdef";
        for (var i = 0; i < id.Length; i++)
        {
            target[2 * i] = (byte)digits[id[i] >> 4];
            target[2 * i + 1] = (byte)digits[id[i] & 0xF];
        }
        return target[..(id.Length * 2)];
    }

    /// <summary>Valid UTF-8 without NUL as it is; else a copy with U+FFFD for each bad sequence and NUL (PostgreSQL cannot store NUL).</summary>
    private static bool IsSafe(ReadOnlySpan<byte> text) => text.IndexOf((byte)0) < 0 && Utf8.IsValid(text);

    private static string Sanitize(ReadOnlySpan<byte> text) => Encoding.UTF8.GetString(text).Replace('\0', '\uFFFD');

    private static ReadOnlySpan<byte> Safe(ReadOnlySpan<byte> text, PooledBufferWriter buffer)
    {
        if (IsSafe(text)) return text;
        buffer.Clear();
        buffer.Write(Encoding.UTF8.GetBytes(Sanitize(text)));
        return buffer.WrittenSpan;
    }

    private static void WriteSafeValue(Utf8JsonWriter json, ReadOnlySpan<byte> text)
    {
        if (IsSafe(text)) json.WriteStringValue(text);
        else json.WriteStringValue(Sanitize(text));
    }

    private static void WriteSafeName(Utf8JsonWriter json, ReadOnlySpan<byte> key)
    {
        if (IsSafe(key)) json.WritePropertyName(key);
        else json.WritePropertyName(Sanitize(key));
    }

    private static void WriteSafeString(Utf8JsonWriter json, JsonEncodedText name, ReadOnlySpan<byte> text)
    {
        json.WritePropertyName(name);
        WriteSafeValue(json, text);
    }
}
