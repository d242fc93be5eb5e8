using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Ingest.Api.Formats;
using Ingest.Api.Parsing;
using Ingest.Api.Protocols.Otlp;
using LogPlatform.Contracts;
using Snappier;
using static Ingest.Api.Protocols.Otlp.ProtoReader;

namespace Ingest.Api.Protocols.Loki;

/// <summary>
/// Grafana Loki's push API: snappy-compressed protobuf (<c>logproto.PushRequest</c>, the default of promtail, Alloy and
/// most clients) or JSON (<c>{"streams":[{"stream":{labels},"values":[["ns","line",{metadata}]]}]}</c>). Labels
/// <c>app</c>/<c>service_name</c>/<c>job</c> → application, <c>host</c>/<c>instance</c> → source,
/// <c>level</c>/<c>detected_level</c>/<c>severity</c> → level, all of them kept in <c>properties.labels</c>; structured
/// metadata in <c>properties.metadata</c>; the line is the message, and a JSON or logfmt line's fields are extracted into
/// <c>properties</c> as Loki's <c>json</c>/<c>logfmt</c> parsers would (its level too, when no label gives one).
/// All or nothing: a bad entry fails the request, named by stream and entry.
/// </summary>
public sealed class LokiMapper(StreamLogWriter writer) : IProtocolMapper
{
    public const string Protocol = "loki";
    private static readonly JsonEncodedText ProtocolName = JsonEncodedText.Encode(Protocol);
    private static readonly JsonEncodedText LabelsName = JsonEncodedText.Encode("labels");
    private static readonly JsonEncodedText MetadataName = JsonEncodedText.Encode("metadata");
    private readonly LogfmtFormat _logfmt = new();

    private IngestOptions Options => writer.Options;

    private sealed class Stream
    {
        public readonly List<KeyValuePair<string, string>> Labels = [];
        public byte[] Application = [], Source = [];
        public LogSeverity? Level;

        public void Resolve()
        {
            Application = Source = [];
            Level = null;
            foreach (var (name, value) in Labels)
            {
                switch (name)
                {
                    case "app" or "service_name" or "job" when Application.Length == 0: Application = Encoding.UTF8.GetBytes(value); break;
                    case "host" or "instance" when Source.Length == 0: Source = Encoding.UTF8.GetBytes(value); break;
                    case "level" or "detected_level" or "severity" when Level is null:
                        if (LogSeverityNames.TryParse(value, out var level)) Level = level;
                        break;
                }
            }
        }
    }

    public ParseOutcome Map(ReadOnlySpan<byte> body, string? contentType, in LogDefaults defaults, LogChunkWriter output)
    {
        var outcome = new ParseOutcome(Options.MaxReportedErrors);
        var isJson = contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
        using var record = new TextLogRecord();
        if (isJson) MapJson(body, outcome, record, defaults, output);
        else
        {
            outcome.BinaryBody = true;
            MapProtobuf(body, outcome, record, defaults, output);
        }
        if (outcome.Entries == 0 && outcome.IsValid)
        {
            outcome.BodyMalformed = true;
            outcome.AddError(null, null, "the push request holds no entries");
        }
        if (!outcome.IsValid && !outcome.TooManyEntries && !outcome.BodyMalformed)
        {
            // Dead-letter the request once: protobuf as text (it is compressed), JSON as it came.
            if (isJson) outcome.Rejected.Add(new RejectedEntry(0, 0, body.Length, string.Join("; ", outcome.Errors.Select(e => e.Error))));
            else outcome.BodyMalformed = true;
        }
        return outcome;
    }

    private void MapProtobuf(ReadOnlySpan<byte> compressed, ParseOutcome outcome, TextLogRecord record, in LogDefaults defaults, LogChunkWriter output)
    {
        byte[] body;
        try
        {
            // The length snappy announces is checked before anything is allocated: a snappy bomb stops here.
            var length = Snappy.GetUncompressedLength(compressed);
            if (length > Options.MaxBodyBytes)
            {
                outcome.TooManyEntries = true;
                return;
            }
            body = Snappy.DecompressToArray(compressed);
        }
        catch (InvalidDataException)
        {
            Malformed(outcome, "the body is not snappy-compressed protobuf (send Content-Type: application/json for JSON)");
            return;
        }
        try
        {
            var stream = new Stream();
            var request = new ProtoReader(body);
            var streamIndex = -1;
            while (request.TryReadTag(out var field, out var wireType))
            {
                if (field != 1)
                {
                    request.Skip(wireType);
                    continue;
                }
                Expect(wireType, LengthDelimited);
                streamIndex++;
                var adapter = request.ReadBytes();
                var labels = new ProtoReader(adapter);
                while (labels.TryReadTag(out var f, out var w))
                {
                    if (f == 1 && w == LengthDelimited)
                    {
                        if (!LokiLabels.TryParse(Encoding.UTF8.GetString(labels.ReadBytes()), stream.Labels))
                        {
                            Fail(outcome, streamIndex, null, "labels are not a label set like {app=\"web\"}");
                        }
                    }
                    else labels.Skip(w);
                }
                stream.Resolve();
                var entries = new ProtoReader(adapter);
                var entryIndex = -1;
                var metadata = new List<KeyValuePair<string, string>>();
                while (entries.TryReadTag(out var f, out var w))
                {
                    if (f != 2)
                    {
                        entries.Skip(w);
                        continue;
                    }
                    Expect(w, LengthDelimited);
                    entryIndex++;
                    var entry = new ProtoReader(entries.ReadBytes());
                    long seconds = 0, nanos = 0;
                    ReadOnlySpan<byte> line = default;
                    metadata.Clear();
                    while (entry.TryReadTag(out var ef, out var ew))
                    {
                        if (ef == 1 && ew == LengthDelimited)
                        {
                            var timestamp = new ProtoReader(entry.ReadBytes());
                            while (timestamp.TryReadTag(out var tf, out var tw))
                            {
                                if (tf == 1 && tw == Varint) seconds = (long)timestamp.ReadVarint();
                                else if (tf == 2 && tw == Varint) nanos = (long)timestamp.ReadVarint();
                                else timestamp.Skip(tw);
                            }
                        }
                        else if (ef == 2 && ew == LengthDelimited) line = entry.ReadBytes();
                        else if (ef == 3 && ew == LengthDelimited)
                        {
                            var pair = new ProtoReader(entry.ReadBytes());
                            string name = "", value = "";
                            while (pair.TryReadTag(out var pf, out var pw))
                            {
                                if (pf == 1 && pw == LengthDelimited) name = Encoding.UTF8.GetString(pair.ReadBytes());
                                else if (pf == 2 && pw == LengthDelimited) value = Encoding.UTF8.GetString(pair.ReadBytes());
                                else pair.Skip(pw);
                            }
                            metadata.Add(new(name, value));
                        }
                        else entry.Skip(ew);
                    }
                    if (!Count(outcome)) return;
                    DateTimeOffset? time = seconds is >= 0 and < 253402300800 && nanos is >= 0 and < 1_000_000_000
                        ? DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100)
                        : null;
                    MapEntry(stream, streamIndex, entryIndex, time, line, metadata, outcome, record, defaults, output);
                }
            }
        }
        catch (InvalidDataException ex)
        {
            Malformed(outcome, ex.Message.Replace("OTLP", "Loki push", StringComparison.Ordinal));
        }
    }

    private void MapJson(ReadOnlySpan<byte> body, ParseOutcome outcome, TextLogRecord record, in LogDefaults defaults, LogChunkWriter output)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            // JSON is UTF-8; the document would parse and then throw when a bad string is read.
            Malformed(outcome, "not a Loki push request: the body is not valid UTF-8");
            return;
        }
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = Options.MaxPropertiesDepth + 4 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            Malformed(outcome, "not a Loki push request: " + ex.Message);
            return;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("streams", out var streams)
                || streams.ValueKind != JsonValueKind.Array)
            {
                Malformed(outcome, "not a Loki push request: expected {\"streams\":[...]}");
                return;
            }
            var stream = new Stream();
            var metadata = new List<KeyValuePair<string, string>>();
            var streamIndex = -1;
            foreach (var item in streams.EnumerateArray())
            {
                streamIndex++;
                stream.Labels.Clear();
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
                {
                    Fail(outcome, streamIndex, null, "a stream must be {\"stream\":{labels},\"values\":[...]}");
                    continue;
                }
                if (item.TryGetProperty("stream", out var labels) && labels.ValueKind == JsonValueKind.Object)
                {
                    foreach (var label in labels.EnumerateObject())
                    {
                        stream.Labels.Add(new(label.Name, label.Value.ValueKind == JsonValueKind.String ? label.Value.GetString()! : label.Value.GetRawText()));
                    }
                }
                stream.Resolve();
                var entryIndex = -1;
                foreach (var value in values.EnumerateArray())
                {
                    entryIndex++;
                    if (!Count(outcome)) return;
                    if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() is < 2 or > 3
                        || value[0].ValueKind != JsonValueKind.String || value[1].ValueKind != JsonValueKind.String
                        || !long.TryParse(value[0].GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var ns))
                    {
                        Fail(outcome, streamIndex, entryIndex, "an entry must be [\"<unix ns>\", \"<line>\"] or with a metadata object third");
                        continue;
                    }
                    metadata.Clear();
                    if (value.GetArrayLength() == 3 && value[2].ValueKind == JsonValueKind.Object)
                    {
                        foreach (var pair in value[2].EnumerateObject())
                        {
                            metadata.Add(new(pair.Name, pair.Value.ValueKind == JsonValueKind.String ? pair.Value.GetString()! : pair.Value.GetRawText()));
                        }
                    }
                    OtlpSeverity.TryTime((ulong)ns, out var time);
                    MapEntry(stream, streamIndex, entryIndex, time, Encoding.UTF8.GetBytes(value[1].GetString()!), metadata, outcome, record, defaults, output);
                }
            }
        }
    }

    private bool Count(ParseOutcome outcome)
    {
        if (outcome.Entries >= Options.MaxEntriesPerRequest)
        {
            outcome.TooManyEntries = true;
            return false;
        }
        outcome.Entries++;
        return true;
    }

    private void MapEntry(Stream stream, int streamIndex, int entryIndex, DateTimeOffset? time, ReadOnlySpan<byte> line,
        List<KeyValuePair<string, string>> metadata, ParseOutcome outcome, TextLogRecord record, in LogDefaults defaults, LogChunkWriter output)
    {
        if (time is null) Fail(outcome, streamIndex, entryIndex, "the timestamp is out of range");
        else if (time.Value - defaults.ReceivedAt > Options.MaxFutureSkew)
        {
            Fail(outcome, streamIndex, entryIndex, $"the timestamp is more than {Options.MaxFutureSkew} after the time of receipt");
        }
        else if (!Utf8.IsValid(line)) Fail(outcome, streamIndex, entryIndex, "the line is not valid UTF-8");
        else if (line.IndexOf((byte)0) >= 0) Fail(outcome, streamIndex, entryIndex, "the line " + LogEntryReader.NulError);
        if (!outcome.IsValid) return;

        // Loki's json / logfmt parsers: the line's own fields.
        record.Reset();
        var first = line.IndexOfAnyExcept(" \t"u8);
        var isJson = first >= 0 && line[first] == (byte)'{' && IsJsonObject(line);
        var isLogfmt = !isJson && _logfmt.TryParse(line, defaults.ReceivedAt, record);
        var level = stream.Level ?? (isLogfmt ? record.Level : isJson ? JsonLevel(line) : LogSeverity.Info);
        if (StreamLogWriter.Drops(output, level, defaults)) return;

        var json = writer.Begin(output, time!.Value, level, line, stream.Source, stream.Application, default, default, ProtocolNames.IngestProtocol, ProtocolName, defaults);
        var start = json.BytesCommitted + json.BytesPending;
        var truncated = false;
        json.WriteStartObject(LabelsName);
        foreach (var (name, value) in stream.Labels) json.WriteString(name, value);
        json.WriteEndObject();
        if (metadata.Count > 0)
        {
            json.WriteStartObject(MetadataName);
            foreach (var (name, value) in metadata) json.WriteString(name, value.Replace('\0', '\uFFFD'));
            json.WriteEndObject();
        }
        if (isJson)
        {
            var reader = new Utf8JsonReader(line);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var nameStart = (int)reader.TokenStartIndex;
                var nameLength = reader.ValueSpan.Length + 2;
                reader.Read();
                var valueStart = (int)reader.TokenStartIndex;
                reader.Skip();
                var valueLength = (int)reader.BytesConsumed - valueStart;
                if (json.BytesCommitted + json.BytesPending - start + nameLength + valueLength > Options.MaxPropertiesBytes)
                {
                    truncated = true;
                    continue;
                }
                json.WritePropertyName(line.Slice(nameStart + 1, nameLength - 2));
                json.WriteRawValue(line.Slice(valueStart, valueLength), skipInputValidation: true);
            }
        }
        else if (isLogfmt)
        {
            foreach (var property in record.Properties)
            {
                var name = record.Resolve(line, property.Name);
                var value = property.Kind == TextPropertyKind.String ? record.Resolve(line, property.Value) : default;
                if (name.IsEmpty || json.BytesCommitted + json.BytesPending - start + name.Length + value.Length > Options.MaxPropertiesBytes)
                {
                    truncated |= !name.IsEmpty;
                    continue;
                }
                json.WritePropertyName(name);
                if (property.Kind == TextPropertyKind.String) json.WriteStringValue(value);
                else json.WriteBooleanValue(true);
            }
        }
        StreamLogWriter.End(output, json, defaults, truncated);
    }

    /// <summary>A JSON object whose member names are unescaped (so they can be written as they are) and no deeper than the limit.</summary>
    private bool IsJsonObject(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = Options.MaxPropertiesDepth + 1 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueIsEscaped) return false;
                reader.Read();
                reader.Skip();
            }
            return line[(int)reader.BytesConsumed..].IndexOfAnyExcept(" \t\r\n"u8) < 0 && line.IndexOf("\\u0000"u8) < 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static LogSeverity JsonLevel(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isLevel = reader.ValueTextEquals("level"u8) || reader.ValueTextEquals("lvl"u8) || reader.ValueTextEquals("severity"u8);
            reader.Read();
            if (isLevel && reader.TokenType == JsonTokenType.String && LogfmtFormat.TryLevel(reader.ValueSpan, out var level)) return level;
            reader.Skip();
        }
        return LogSeverity.Info;
    }

    private static void Fail(ParseOutcome outcome, int stream, int? entry, string error)
    {
        var reason = entry is null ? $"stream {stream}: {error}" : $"stream {stream}, entry {entry}: {error}";
        outcome.AddError(outcome.Entries - 1, null, reason);
        outcome.InvalidEntries++;
    }

    private static void Malformed(ParseOutcome outcome, string error)
    {
        outcome.BodyMalformed = true;
        outcome.AddError(null, null, error);
    }
}
