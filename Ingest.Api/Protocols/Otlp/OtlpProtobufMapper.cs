using System.Text.Encodings.Web;
using System.Text.Json;
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
public sealed class OtlpProtobufMapper(StreamLogWriter writer) : IProtocolMapper
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
        var outcome = new ParseOutcome(Options.MaxReportedErrors) { BinaryBody = true };
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
            OtlpWire.ReadKeyValue(keyValue, out var key, out var value);
            if (OtlpWire.StringValue(value) is { IsEmpty: false } text)
            {
                if (key.SequenceEqual("service.name"u8)) info.Application = text;
                else if (key.SequenceEqual("service.instance.id"u8)) info.Source = text;
                else if (key.SequenceEqual("host.name"u8)) info.HostName = text;
            }
            OtlpWire.WriteSafeName(json, key);
            OtlpWire.WriteAnyValue(json, value, 1, Options.MaxPropertiesDepth);
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
                    OtlpWire.ReadKeyValue(reader.ReadBytes(), out _, out var value);
                    if (error is null && !OtlpWire.DepthFits(value, 2, Options.MaxPropertiesDepth)) error = $"an attribute nests deeper than {Options.MaxPropertiesDepth} levels";
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
        if (hasBody && error is null && !OtlpWire.DepthFits(bodyValue, 1, Options.MaxPropertiesDepth)) error = $"the body nests deeper than {Options.MaxPropertiesDepth} levels";
        if (error is not null)
        {
            outcome.AddError(index, null, $"log record {index}: {error}");
            outcome.InvalidEntries++;
            outcome.Rejected.Add(new RejectedEntry(index, start, length, error));
            return;
        }
        var level = OtlpSeverity.From(severityNumber, severityText);
        if (StreamLogWriter.Drops(output, level, defaults)) return;

        ReadOnlySpan<byte> message;
        var structuredBody = false;
        var messageState = state.Message;
        if (!hasBody) message = OtlpWire.Safe(eventName, messageState);
        else if (OtlpWire.IsString(bodyValue)) message = OtlpWire.Safe(OtlpWire.StringValue(bodyValue), messageState);
        else
        {
            structuredBody = true;
            messageState.Clear();
            var bodyJson = state.MessageJson ??= new Utf8JsonWriter(messageState, ResourceWriterOptions);
            bodyJson.Reset(messageState);
            OtlpWire.WriteAnyValue(bodyJson, bodyValue, 1, Options.MaxPropertiesDepth);
            bodyJson.Flush();
            message = messageState.WrittenSpan;
        }

        Span<byte> traceHex = stackalloc byte[32];
        Span<byte> spanHex = stackalloc byte[16];
        var traceText = traceId.Length == 16 && traceId.IndexOfAnyExcept((byte)0) >= 0 ? OtlpWire.Hex(traceId, traceHex) : default;
        var spanText = spanId.Length == 8 && spanId.IndexOfAnyExcept((byte)0) >= 0 ? OtlpWire.Hex(spanId, spanHex) : default;

        var json = writer.Begin(output, timestamp, level, message, resource.Source, resource.Application,
            traceText, spanText, ProtocolNames.IngestProtocol, OtlpNames.ProtocolName, defaults);
        var propertiesStart = json.BytesCommitted + json.BytesPending;
        if (!scope.Name.IsEmpty || !scope.Version.IsEmpty)
        {
            json.WriteStartObject(OtlpNames.Scope);
            if (!scope.Name.IsEmpty) OtlpWire.WriteSafeString(json, OtlpNames.ScopeName, scope.Name);
            if (!scope.Version.IsEmpty) OtlpWire.WriteSafeString(json, OtlpNames.ScopeVersion, scope.Version);
            json.WriteEndObject();
        }
        if (!eventName.IsEmpty) OtlpWire.WriteSafeString(json, OtlpNames.EventName, eventName);
        if (!severityText.IsEmpty) OtlpWire.WriteSafeString(json, OtlpNames.SeverityText, severityText);
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
            OtlpWire.ReadKeyValue(reader.ReadBytes(), out var key, out var value);
            if (json.BytesCommitted + json.BytesPending - propertiesStart + key.Length + value.Length > Options.MaxPropertiesBytes)
            {
                truncated = true;
                continue;
            }
            if (!opened) json.WriteStartObject(OtlpNames.Attributes);
            opened = true;
            OtlpWire.WriteSafeName(json, key);
            OtlpWire.WriteAnyValue(json, value, 2, Options.MaxPropertiesDepth);
        }
        if (opened) json.WriteEndObject();
        if (resource.Attributes.Length > 2 && resource.Attributes.Length <= Options.MaxPropertiesBytes)
        {
            json.WritePropertyName(OtlpNames.Resource);
            json.WriteRawValue(resource.Attributes, skipInputValidation: true);
        }
        StreamLogWriter.End(output, json, defaults, truncated);
    }
}
