using System.Text.Json;
using System.Text.Unicode;
using Ingest.Api.Formats;
using Ingest.Api.Parsing;
using LogPlatform.Contracts;

namespace Ingest.Api.Protocols.Clef;

/// <summary>
/// Seq's compact log event format (CLEF): newline-delimited JSON events (or one JSON event, pretty-printed or not).
/// <c>@t</c> timestamp (missing = time of receipt), <c>@l</c> level (missing = Information), <c>@m</c> the message, else
/// <c>@mt</c> rendered (<see cref="ClefTemplateRenderer"/>); <c>@mt</c> kept as <c>message_template</c>, <c>@x</c> as
/// <c>exception</c>, <c>@i</c> as <c>event_id</c>, <c>@tr</c>/<c>@sp</c> as the trace; every other key a property
/// (<c>@@name</c> is the property <c>@name</c>), with <c>Application</c> and <c>MachineName</c> also the log's application
/// and source. All or nothing: a bad line fails the request, named by its 1-based line number.
/// </summary>
public sealed class ClefMapper(StreamLogWriter writer) : IProtocolMapper
{
    public const string Protocol = "clef";
    private static readonly JsonEncodedText ProtocolName = JsonEncodedText.Encode(Protocol);
    private static readonly JsonEncodedText MessageTemplateName = JsonEncodedText.Encode("message_template");
    private static readonly JsonEncodedText ExceptionName = JsonEncodedText.Encode("exception");
    private static readonly JsonEncodedText EventIdName = JsonEncodedText.Encode("event_id");
    private static readonly JsonEncodedText LevelTextName = JsonEncodedText.Encode("level_text");

    private enum Field : byte { Property, Timestamp, Level, Template, Message, Exception, EventId, Renderings, TraceId, SpanId }

    /// <summary>A string's raw JSON token (quotes included) in the line.</summary>
    private readonly record struct Raw(int Start, int Length)
    {
        public bool IsPresent => Length > 0;
    }

    /// <summary>Per-request state reused for every event: no allocation per event once warm.</summary>
    private sealed class EventState : IDisposable
    {
        public readonly List<ClefProperty> Properties = new(16);
        public readonly List<ClefRendering> Renderings = new(4);
        public readonly PooledBufferWriter Names = new(1024);
        public readonly PooledBufferWriter Text = new(4096);
        public readonly PooledBufferWriter Message = new(4096);
        public readonly PooledBufferWriter Scratch = new(256);

        public void Reset()
        {
            Properties.Clear();
            Renderings.Clear();
            Names.Clear();
            Text.Clear();
            Message.Clear();
        }

        public void Dispose()
        {
            Names.Dispose();
            Text.Dispose();
            Message.Dispose();
            Scratch.Dispose();
        }
    }

    private IngestOptions Options => writer.Options;

    public ParseOutcome Map(ReadOnlySpan<byte> body, string? contentType, in LogDefaults defaults, LogChunkWriter output)
    {
        var outcome = new ParseOutcome(Options.MaxReportedErrors);
        using var state = new EventState();
        if (SeqRawEvents.IsRawEvents(body))
        {
            MapRawEvents(body, outcome, state, defaults, output);
        }
        else if (IsSingleEvent(body))
        {
            MapEvent(body, 0, body.Length, 1, outcome, state, defaults, output);
        }
        else
        {
            var offset = 0;
            var lineNumber = 0;
            while (offset < body.Length)
            {
                var newline = body[offset..].IndexOf((byte)'\n');
                var length = newline < 0 ? body.Length - offset : newline;
                var line = body.Slice(offset, length);
                lineNumber++;
                if (line.IndexOfAnyExcept(" \t\r"u8) >= 0)
                {
                    if (outcome.Entries >= Options.MaxEntriesPerRequest)
                    {
                        outcome.TooManyEntries = true;
                        return outcome;
                    }
                    MapEvent(line, offset, line.Length, lineNumber, outcome, state, defaults, output);
                }
                offset += length + 1;
            }
        }
        if (outcome.Entries == 0 && outcome.IsValid)
        {
            outcome.BodyMalformed = true;
            outcome.AddError(null, null, "the body holds no CLEF events");
        }
        return outcome;
    }

    /// <summary>Seq's older <c>{"Events":[...]}</c> envelope: each event rewritten as CLEF, named by its place in the array.</summary>
    private void MapRawEvents(ReadOnlySpan<byte> body, ParseOutcome outcome, EventState state, in LogDefaults defaults, LogChunkWriter output)
    {
        var events = new List<SeqRawEvents.EventSpan>();
        if (SeqRawEvents.FindEvents(body, events) is { } envelopeError)
        {
            outcome.BodyMalformed = true;
            outcome.AddError(null, null, envelopeError);
            return;
        }
        using var line = new PooledBufferWriter(1024);
        for (var i = 0; i < events.Count; i++)
        {
            if (outcome.Entries >= Options.MaxEntriesPerRequest)
            {
                outcome.TooManyEntries = true;
                return;
            }
            var (offset, length) = events[i];
            if (SeqRawEvents.ToClef(body.Slice(offset, length), line) is { } error)
            {
                var index = outcome.Entries++;
                var reason = $"event {i + 1}: {error}";
                outcome.AddError(index, null, reason);
                outcome.InvalidEntries++;
                outcome.Rejected.Add(new RejectedEntry(index, offset, length, reason));
                continue;
            }
            MapEvent(line.WrittenSpan, offset, length, i + 1, outcome, state, defaults, output, "event");
        }
    }

    /// <summary>One JSON object and nothing else (possibly over several lines).</summary>
    private static bool IsSingleEvent(ReadOnlySpan<byte> body)
    {
        var first = body.IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0 || body[first] != (byte)'{') return false;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
            reader.Read();
            reader.Skip();
            return body[(int)reader.BytesConsumed..].IndexOfAnyExcept(" \t\r\n"u8) < 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>One CLEF event; <paramref name="offset"/> and <paramref name="length"/> say where its raw form is in the body.</summary>
    private void MapEvent(ReadOnlySpan<byte> line, int offset, int length, int number, ParseOutcome outcome, EventState state, in LogDefaults defaults,
        LogChunkWriter output, string unit = "line")
    {
        var index = outcome.Entries++;
        var error = ReadEvent(line, state, defaults, out var parsed);
        if (error is not null)
        {
            var reason = $"{unit} {number}: {error}";
            outcome.AddError(index, null, reason);
            outcome.InvalidEntries++;
            outcome.Rejected.Add(new RejectedEntry(index, offset, length, reason));
            return;
        }
        if (!outcome.IsValid) return; // nothing will be enqueued: only keep checking
        Write(line, state, parsed, defaults, output);
    }

    private ref struct Parsed
    {
        public DateTimeOffset? Timestamp;
        public LogSeverity Level;
        public Raw LevelText;
        public bool LevelUnknown;
        public Raw Template, Message, Exception, TraceId, SpanId;
        public int EventIdStart, EventIdLength;
        public int Application, Source; // indexes into Properties, or -1
    }

    private string? ReadEvent(ReadOnlySpan<byte> line, EventState state, in LogDefaults defaults, out Parsed parsed)
    {
        parsed = new Parsed { Level = LogSeverity.Info, Application = -1, Source = -1 };
        state.Reset();
        if (!Utf8.IsValid(line)) return "is not valid UTF-8";
        if (line.IndexOf("\\u0000"u8) >= 0) return LogEntryReader.NulError;
        try
        {
            // Top-level keys are properties (depth 1 of properties), so their values may nest MaxPropertiesDepth - 1 more.
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = Options.MaxPropertiesDepth + 1 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return "must be a JSON object (one CLEF event per line)";
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var rawNameStart = (int)reader.TokenStartIndex;
                var rawNameLength = reader.ValueSpan.Length + 2;
                // Names without escapes are read in place; only escaped ones are unescaped into the scratch buffer.
                var nameInLine = !reader.ValueIsEscaped;
                int nameAt, nameLength;
                if (nameInLine)
                {
                    nameAt = rawNameStart + 1;
                    nameLength = rawNameLength - 2;
                }
                else
                {
                    nameAt = state.Names.WrittenCount;
                    nameLength = reader.CopyString(state.Names.GetSpan(reader.ValueSpan.Length));
                    state.Names.Advance(nameLength);
                }
                var name = (nameInLine ? line : state.Names.WrittenSpan).Slice(nameAt, nameLength);
                var field = Classify(name);
                reader.Read();
                var valueStart = (int)reader.TokenStartIndex;
                var kind = reader.TokenType;
                var isString = kind == JsonTokenType.String;
                if (field == Field.Renderings) ReadRenderings(ref reader, state.Renderings);
                else reader.Skip();
                var value = new Raw(valueStart, (int)reader.BytesConsumed - valueStart);
                switch (field)
                {
                    case Field.Timestamp:
                        if (!isString || !TryTimestamp(line.Slice(value.Start, value.Length), out var timestamp))
                        {
                            return "@t must be an ISO 8601 timestamp";
                        }
                        if (timestamp - defaults.ReceivedAt > Options.MaxFutureSkew)
                        {
                            return $"@t is more than {Options.MaxFutureSkew} after the time of receipt (a wrong clock?)";
                        }
                        parsed.Timestamp = timestamp;
                        break;
                    case Field.Level:
                        if (!isString) return "@l must be a string";
                        var text = Unescape(line, value, state.Scratch);
                        if (!TrySerilogLevel(text, out parsed.Level) && !LogfmtFormat.TryLevel(text, out parsed.Level)) parsed.LevelUnknown = true;
                        parsed.LevelText = value;
                        break;
                    case Field.Template when isString: parsed.Template = value; break;
                    case Field.Message when isString: parsed.Message = value; break;
                    case Field.Exception when isString: parsed.Exception = value; break;
                    case Field.TraceId when isString: parsed.TraceId = value; break;
                    case Field.SpanId when isString: parsed.SpanId = value; break;
                    case Field.EventId:
                        parsed.EventIdStart = value.Start;
                        parsed.EventIdLength = value.Length;
                        break;
                    case Field.Renderings: break; // read above
                    default:
                        if (name.Length > 1 && name[0] == (byte)'@' && name[1] == (byte)'@')
                        {
                            nameAt++;
                            nameLength--; // "@@x" is the property "@x"
                        }
                        var propertyName = (nameInLine ? line : state.Names.WrittenSpan).Slice(nameAt, nameLength);
                        if (isString && propertyName.SequenceEqual("Application"u8)) parsed.Application = state.Properties.Count;
                        else if (isString && propertyName.SequenceEqual("MachineName"u8)) parsed.Source = state.Properties.Count;
                        state.Properties.Add(new ClefProperty(nameAt, nameLength, value.Start, value.Length, rawNameStart, rawNameLength, kind, nameInLine));
                        break;
                }
            }
            if (line[(int)reader.BytesConsumed..].IndexOfAnyExcept(" \t\r\n"u8) >= 0) return "holds more than one JSON value";
        }
        catch (JsonException ex)
        {
            return "invalid JSON: " + ex.Message;
        }
        return null;
    }

    private void Write(ReadOnlySpan<byte> line, EventState state, in Parsed parsed, in LogDefaults defaults, LogChunkWriter output)
    {
        if (StreamLogWriter.Drops(output, parsed.Level, defaults)) return; // before rendering: a dropped event costs no more
        var properties = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(state.Properties);
        ReadOnlySpan<byte> message;
        if (parsed.Message.IsPresent) message = Unescape(line, parsed.Message, state.Message);
        else if (parsed.Template.IsPresent)
        {
            var template = Unescape(line, parsed.Template, state.Text);
            var context = new ClefTemplateRenderer.Context(line, state.Names.WrittenSpan, properties,
                System.Runtime.InteropServices.CollectionsMarshal.AsSpan(state.Renderings));
            ClefTemplateRenderer.Render(template, context, state.Message, state.Scratch, Options.MaxMessageBytes);
            message = state.Message.WrittenSpan;
        }
        else if (parsed.Exception.IsPresent) message = FirstLine(Unescape(line, parsed.Exception, state.Message));
        else message = default;

        // After rendering: the template's and the alignment's buffers are free again.
        var application = parsed.Application >= 0 ? Unescape(line, Value(properties[parsed.Application]), state.Scratch) : default;
        var source = parsed.Source >= 0 ? Unescape(line, Value(properties[parsed.Source]), state.Text) : default;
        var traceId = parsed.TraceId.IsPresent ? line.Slice(parsed.TraceId.Start + 1, parsed.TraceId.Length - 2) : default;
        var spanId = parsed.SpanId.IsPresent ? line.Slice(parsed.SpanId.Start + 1, parsed.SpanId.Length - 2) : default;

        var json = writer.Begin(output, parsed.Timestamp ?? defaults.ReceivedAt, parsed.Level, message, source, application, traceId, spanId,
            ProtocolNames.IngestProtocol, ProtocolName, defaults);
        var budget = Options.MaxPropertiesBytes;
        var truncated = false;
        WriteRaw(json, MessageTemplateName, line, parsed.Template.Start, parsed.Template.Length, ref budget, ref truncated);
        WriteRaw(json, ExceptionName, line, parsed.Exception.Start, parsed.Exception.Length, ref budget, ref truncated);
        WriteRaw(json, EventIdName, line, parsed.EventIdStart, parsed.EventIdLength, ref budget, ref truncated);
        if (parsed.LevelUnknown) WriteRaw(json, LevelTextName, line, parsed.LevelText.Start, parsed.LevelText.Length, ref budget, ref truncated);
        foreach (var property in properties)
        {
            var size = property.NameLength + property.ValueLength + 4;
            if (size > budget)
            {
                truncated = true;
                continue;
            }
            budget -= size;
            json.WritePropertyName(property.Name(line, state.Names.WrittenSpan));
            json.WriteRawValue(line.Slice(property.ValueStart, property.ValueLength), skipInputValidation: true);
        }
        StreamLogWriter.End(output, json, defaults, truncated);

        static Raw Value(in ClefProperty property) => new(property.ValueStart, property.ValueLength);
    }

    private static void WriteRaw(Utf8JsonWriter json, JsonEncodedText name, ReadOnlySpan<byte> line, int start, int length, ref int budget,
        ref bool truncated)
    {
        if (length == 0) return;
        if (length + 24 > budget)
        {
            truncated = true;
            return;
        }
        budget -= length + 24;
        json.WritePropertyName(name);
        json.WriteRawValue(line.Slice(start, length), skipInputValidation: true);
    }

    /// <summary>
    /// The leading strings of <c>@r</c> (up to its first element that is not one), read in the same pass as the event: the
    /// renderer takes the n-th for the n-th formatted hole. The last <c>@r</c> wins; one that is not an array means none.
    /// Leaves the reader where <see cref="Utf8JsonReader.Skip"/> would.
    /// </summary>
    private static void ReadRenderings(ref Utf8JsonReader reader, List<ClefRendering> renderings)
    {
        renderings.Clear();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }
        var depth = reader.CurrentDepth;
        var strings = true;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
            if (strings && reader.TokenType == JsonTokenType.String)
            {
                var start = (int)reader.TokenStartIndex;
                renderings.Add(new ClefRendering(start, (int)reader.BytesConsumed - start));
            }
            else strings = false;
        }
    }

    /// <summary>The text of a raw JSON string token, unescaped into <paramref name="buffer"/> only when it has escapes.</summary>
    private static ReadOnlySpan<byte> Unescape(ReadOnlySpan<byte> line, Raw token, PooledBufferWriter buffer)
    {
        var raw = line.Slice(token.Start, token.Length);
        var text = raw[1..^1];
        if (text.IndexOf((byte)'\\') < 0) return text;
        buffer.Clear();
        var reader = new Utf8JsonReader(raw);
        reader.Read();
        var length = reader.CopyString(buffer.GetSpan(text.Length));
        buffer.Advance(length);
        return buffer.WrittenSpan;
    }

    private static ReadOnlySpan<byte> FirstLine(ReadOnlySpan<byte> text)
    {
        var newline = text.IndexOfAny((byte)'\r', (byte)'\n');
        return newline < 0 ? text : text[..newline];
    }

    private static bool TryTimestamp(ReadOnlySpan<byte> rawToken, out DateTimeOffset timestamp)
    {
        var reader = new Utf8JsonReader(rawToken);
        reader.Read();
        return TimestampParser.TryRead(ref reader, out timestamp);
    }

    /// <summary>Serilog's own level names as its sinks write them: compared as bytes before the general (any case, aliases) parse.</summary>
    private static bool TrySerilogLevel(ReadOnlySpan<byte> text, out LogSeverity level)
    {
        level = text switch
        {
            var t when t.SequenceEqual("Information"u8) => LogSeverity.Info,
            var t when t.SequenceEqual("Warning"u8) => LogSeverity.Warn,
            var t when t.SequenceEqual("Error"u8) => LogSeverity.Error,
            var t when t.SequenceEqual("Debug"u8) => LogSeverity.Debug,
            var t when t.SequenceEqual("Verbose"u8) => LogSeverity.Trace,
            var t when t.SequenceEqual("Fatal"u8) => LogSeverity.Fatal,
            _ => (LogSeverity)255,
        };
        return level != (LogSeverity)255;
    }

    private static Field Classify(ReadOnlySpan<byte> name)
    {
        if (name.Length is < 2 or > 3 || name[0] != (byte)'@') return Field.Property;
        return name[1..] switch
        {
            var n when n.SequenceEqual("t"u8) => Field.Timestamp,
            var n when n.SequenceEqual("l"u8) => Field.Level,
            var n when n.SequenceEqual("mt"u8) => Field.Template,
            var n when n.SequenceEqual("m"u8) => Field.Message,
            var n when n.SequenceEqual("x"u8) => Field.Exception,
            var n when n.SequenceEqual("i"u8) => Field.EventId,
            var n when n.SequenceEqual("r"u8) => Field.Renderings,
            var n when n.SequenceEqual("tr"u8) => Field.TraceId,
            var n when n.SequenceEqual("sp"u8) => Field.SpanId,
            _ => Field.Property,
        };
    }
}
