using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using LogPlatform.Contracts;

namespace Ingest.Api.Parsing;

/// <summary>
/// Parses, validates and normalises a request body in one pass with <see cref="Utf8JsonReader"/>, writing each
/// valid log straight into the stream payload (<see cref="LogChunkWriter"/>): no object per log, and strings are
/// copied as their raw JSON (already escaped) rather than decoded and re-encoded.
/// All-or-nothing: after the first invalid entry nothing more is written, but every entry is still checked so the
/// answer names every problem.
/// </summary>
public sealed class LogPayloadParser(IngestOptions options)
{
    /// <summary>NUL cannot be stored in PostgreSQL text or jsonb, so it is refused rather than silently altered.</summary>
    public const string NulError = "must not contain NUL (\\u0000) characters";

    internal static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    internal static readonly JsonEncodedText LevelName = JsonEncodedText.Encode("level");
    internal static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("message");
    internal static readonly JsonEncodedText SourceName = JsonEncodedText.Encode("source");
    internal static readonly JsonEncodedText ApplicationName = JsonEncodedText.Encode("application");
    internal static readonly JsonEncodedText TraceIdName = JsonEncodedText.Encode("trace_id");
    internal static readonly JsonEncodedText SpanIdName = JsonEncodedText.Encode("span_id");
    internal static readonly JsonEncodedText PropertiesName = JsonEncodedText.Encode("properties");
    internal static readonly JsonEncodedText ReceivedAtName = JsonEncodedText.Encode("received_at");
    internal static readonly JsonEncodedText[] LevelValues =
        Enum.GetValues<LogSeverity>().Select(l => JsonEncodedText.Encode(l.ToWireName())).ToArray();

    private static readonly string LevelError = $"must be one of {LogSeverityNames.Accepted}, or 0..5";
    private const string TimestampError = "must be an ISO 8601 date-time (UTC when no offset is given) or a Unix time in seconds, milliseconds, microseconds or nanoseconds";

    private enum Field : byte { Unknown, Timestamp, Level, Message, Source, Application, TraceId, SpanId, Properties }

    /// <summary>A value's raw JSON (quotes and escapes included) inside the body.</summary>
    private readonly record struct Slice(int Start, int Length)
    {
        public static readonly Slice None = new(-1, 0);
        public bool IsPresent => Start >= 0;
    }

    /// <summary>One member of the normalised <c>properties</c> object: raw name and raw value, inside the body.</summary>
    private readonly record struct Member(int NameStart, int NameLength, int ValueStart, int ValueLength);

    private readonly int _maxDepth = Math.Max(64, options.MaxPropertiesDepth + 8);

    public ParseOutcome Parse(ReadOnlySpan<byte> body, PayloadFormat format, in LogDefaults defaults, LogChunkWriter output)
    {
        var outcome = new ParseOutcome(options.MaxReportedErrors);
        var state = new EntryState();
        var reader = new Utf8JsonReader(body, new JsonReaderOptions
        {
            AllowMultipleValues = format == PayloadFormat.NdJson,
            MaxDepth = _maxDepth,
        });

        try
        {
            if (body.IndexOfAnyExcept(" \t\r\n"u8) < 0 || !reader.Read())
            {
                outcome.BodyMalformed = true;
                outcome.AddError(null, null, "the body is empty: send a JSON log object or an array of them");
                return outcome;
            }

            if (format == PayloadFormat.NdJson)
            {
                do
                {
                    if (!ParseElement(ref reader, body, outcome, state, defaults, output)) break;
                }
                while (reader.Read());
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!ParseElement(ref reader, body, outcome, state, defaults, output)) break;
                }
                if (!outcome.TooManyEntries) reader.Read(); // throws on trailing garbage after the array
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                ParseElement(ref reader, body, outcome, state, defaults, output);
                reader.Read(); // throws on trailing garbage after the object
            }
            else
            {
                outcome.BodyMalformed = true;
                outcome.AddError(null, null, "the body must be a JSON log object or an array of them");
                return outcome;
            }

            if (outcome.Entries == 0 && outcome.IsValid)
            {
                outcome.BodyMalformed = true;
                outcome.AddError(null, null, "the body holds no logs");
            }
        }
        catch (JsonException ex)
        {
            outcome.BodyMalformed = true;
            outcome.AddError(outcome.Entries > 0 ? outcome.Entries - 1 : null, null, "invalid JSON: " + ex.Message);
        }
        return outcome;
    }

    /// <summary>Per-request scratch state, reused for every entry.</summary>
    private sealed class EntryState
    {
        public readonly List<Member> Members = [];
        public PooledBufferWriter? Properties;
        public readonly StringBuilder Reason = new();
    }

    /// <returns>false when no more entries may be read.</returns>
    private bool ParseElement(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, ParseOutcome outcome, EntryState state,
        in LogDefaults defaults, LogChunkWriter output)
    {
        var index = outcome.Entries;
        if (index >= options.MaxEntriesPerRequest)
        {
            outcome.TooManyEntries = true;
            return false;
        }
        outcome.Entries++;

        var start = (int)reader.TokenStartIndex;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            const string error = "must be a JSON object";
            outcome.AddError(index, null, error);
            outcome.InvalidEntries++;
            outcome.Rejected.Add(new RejectedEntry(index, start, (int)reader.BytesConsumed - start, error));
            return true;
        }

        var errorsBefore = outcome.ErrorCount;
        state.Reason.Clear();
        state.Members.Clear();
        var entryDepth = reader.CurrentDepth;

        DateTimeOffset? timestamp = null;
        var level = LogSeverity.Info;
        Slice message = Slice.None, source = Slice.None, application = Slice.None, traceId = Slice.None, spanId = Slice.None;
        var seen = 0;
        var propertiesBytes = 0;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Classify(ref reader);
            var nameStart = (int)reader.TokenStartIndex;
            var nameLength = reader.ValueSpan.Length + 2;
            reader.Read();

            if (field != Field.Unknown)
            {
                var bit = 1 << (int)field;
                if ((seen & bit) != 0)
                {
                    Fail(outcome, state, index, FieldName(body, nameStart, nameLength), "is given more than once (aliases count as the same field)");
                    reader.Skip();
                    continue;
                }
                seen |= bit;
            }

            string? error = null;
            switch (field)
            {
                case Field.Timestamp:
                    if (reader.TokenType == JsonTokenType.Null) break;
                    if (!TryReadTimestamp(ref reader, out var ts)) { error = TimestampError; reader.Skip(); }
                    else if (ts - defaults.ReceivedAt > options.MaxFutureSkew) error = $"is more than {options.MaxFutureSkew} after the time of receipt (a wrong clock or unit?)";
                    else timestamp = ts;
                    break;
                case Field.Level:
                    if (reader.TokenType == JsonTokenType.Null) break;
                    if (!TryReadLevel(ref reader, out level)) { error = LevelError; reader.Skip(); }
                    break;
                case Field.Message:
                    error = ReadText(ref reader, options.MaxMessageBytes, required: true, out message);
                    break;
                case Field.Source:
                    error = ReadText(ref reader, options.MaxNameBytes, required: false, out source);
                    break;
                case Field.Application:
                    error = ReadText(ref reader, options.MaxNameBytes, required: false, out application);
                    break;
                case Field.TraceId:
                    error = ReadText(ref reader, options.MaxIdBytes, required: false, out traceId);
                    break;
                case Field.SpanId:
                    error = ReadText(ref reader, options.MaxIdBytes, required: false, out spanId);
                    break;
                case Field.Properties:
                    if (reader.TokenType == JsonTokenType.Null) break;
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        error = "must be a JSON object";
                        reader.Skip();
                        break;
                    }
                    error = ReadPropertiesObject(ref reader, state, entryDepth, ref propertiesBytes);
                    break;
                default:
                    // Unknown top-level fields are kept as properties rather than dropped.
                    var valueStart = (int)reader.TokenStartIndex;
                    error = CheckValue(ref reader, entryDepth);
                    var valueLength = (int)reader.BytesConsumed - valueStart;
                    state.Members.Add(new Member(nameStart, nameLength, valueStart, valueLength));
                    propertiesBytes += nameLength + valueLength + 2;
                    break;
            }
            if (error is not null) Fail(outcome, state, index, FieldName(body, nameStart, nameLength), error);
        }

        if (!message.IsPresent && (seen & (1 << (int)Field.Message)) == 0)
        {
            Fail(outcome, state, index, "message", "is required");
        }
        if (propertiesBytes > options.MaxPropertiesBytes)
        {
            Fail(outcome, state, index, "properties", $"is larger than {options.MaxPropertiesBytes} bytes (unknown top-level fields count as properties)");
        }

        if (outcome.ErrorCount != errorsBefore)
        {
            outcome.InvalidEntries++;
            outcome.Rejected.Add(new RejectedEntry(index, start, (int)reader.BytesConsumed - start, state.Reason.ToString()));
            return true;
        }
        if (!outcome.IsValid) return true; // an earlier entry failed: nothing will be enqueued, only keep checking

        var json = output.BeginLog();
        json.WriteStartObject();
        json.WriteString(TimestampName, timestamp ?? defaults.ReceivedAt);
        json.WriteString(LevelName, LevelValues[(int)level]);
        WriteRaw(json, MessageName, body, message);
        if (source.IsPresent) WriteRaw(json, SourceName, body, source);
        else json.WriteString(SourceName, defaults.Source);
        if (application.IsPresent) WriteRaw(json, ApplicationName, body, application);
        else json.WriteString(ApplicationName, defaults.Application);
        if (traceId.IsPresent || spanId.IsPresent)
        {
            if (traceId.IsPresent) WriteRaw(json, TraceIdName, body, traceId);
            if (spanId.IsPresent) WriteRaw(json, SpanIdName, body, spanId);
        }
        else if (defaults is { TraceId: { } requestTrace, SpanId: { } requestSpan })
        {
            json.WriteString(TraceIdName, requestTrace);
            json.WriteString(SpanIdName, requestSpan);
        }
        if (state.Members.Count > 0)
        {
            json.WritePropertyName(PropertiesName);
            json.WriteRawValue(AssembleProperties(body, state), skipInputValidation: true);
        }
        json.WriteString(ReceivedAtName, defaults.ReceivedAt);
        json.WriteEndObject();
        output.EndLog();
        return true;
    }

    private static void WriteRaw(Utf8JsonWriter json, JsonEncodedText name, ReadOnlySpan<byte> body, Slice value)
    {
        json.WritePropertyName(name);
        json.WriteRawValue(body.Slice(value.Start, value.Length), skipInputValidation: true);
    }

    private static void Fail(ParseOutcome outcome, EntryState state, int index, string field, string error)
    {
        outcome.AddError(index, field, error);
        if (state.Reason.Length > 0) state.Reason.Append("; ");
        state.Reason.Append(field).Append(": ").Append(error);
    }

    private static string FieldName(ReadOnlySpan<byte> body, int nameStart, int nameLength)
        => Encoding.UTF8.GetString(body.Slice(nameStart + 1, nameLength - 2));

    private static ReadOnlySpan<byte> AssembleProperties(ReadOnlySpan<byte> body, EntryState state)
    {
        var buffer = state.Properties ??= new PooledBufferWriter(4096);
        buffer.Clear();
        buffer.Write((byte)'{');
        for (var i = 0; i < state.Members.Count; i++)
        {
            var member = state.Members[i];
            if (i > 0) buffer.Write((byte)',');
            buffer.Write(body.Slice(member.NameStart, member.NameLength));
            buffer.Write((byte)':');
            buffer.Write(body.Slice(member.ValueStart, member.ValueLength));
        }
        buffer.Write((byte)'}');
        return buffer.WrittenSpan;
    }

    private static Field Classify(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.ValueSpan.Length > 16)
        {
            // Rare: an escaped name. Compare decoded text.
            if (reader.ValueSpan.Length > 64) return Field.Unknown;
            Span<byte> decoded = stackalloc byte[64];
            var n = reader.CopyString(decoded);
            return Classify(decoded[..n]);
        }
        return Classify(reader.ValueSpan);
    }

    private static Field Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when name.SequenceEqual("ts"u8) => Field.Timestamp,
        3 when name.SequenceEqual("msg"u8) => Field.Message,
        3 when name.SequenceEqual("app"u8) => Field.Application,
        4 when name.SequenceEqual("time"u8) => Field.Timestamp,
        5 when name.SequenceEqual("level"u8) => Field.Level,
        6 when name.SequenceEqual("source"u8) => Field.Source,
        6 when name.SequenceEqual("spanId"u8) => Field.SpanId,
        7 when name.SequenceEqual("message"u8) => Field.Message,
        7 when name.SequenceEqual("span_id"u8) => Field.SpanId,
        7 when name.SequenceEqual("traceId"u8) => Field.TraceId,
        8 when name.SequenceEqual("severity"u8) => Field.Level,
        8 when name.SequenceEqual("trace_id"u8) => Field.TraceId,
        8 when name.SequenceEqual("metadata"u8) => Field.Properties,
        9 when name.SequenceEqual("timestamp"u8) => Field.Timestamp,
        10 when name.SequenceEqual("@timestamp"u8) => Field.Timestamp,
        10 when name.SequenceEqual("properties"u8) => Field.Properties,
        11 when name.SequenceEqual("application"u8) => Field.Application,
        _ => Field.Unknown,
    };

    /// <summary>Reads a string field. Absent (null or "") leaves <paramref name="value"/> empty; returns the error, if any.</summary>
    private static string? ReadText(ref Utf8JsonReader reader, int maxBytes, bool required, out Slice value)
    {
        value = Slice.None;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return required ? "is required" : null;
        }
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return "must be a string";
        }
        var error = CheckString(ref reader, maxBytes, out var length, out var blank);
        if (error is not null) return error;
        if (length == 0 || (required && blank))
        {
            return required ? "must not be empty" : null;
        }
        value = new Slice((int)reader.TokenStartIndex, reader.ValueSpan.Length + 2);
        return null;
    }

    /// <summary>Checks a string token (value or property name): UTF-8, no NUL, length after unescaping.</summary>
    private static string? CheckString(ref Utf8JsonReader reader, int maxBytes, out int length, out bool blank)
    {
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            length = raw.Length;
            blank = IsBlank(raw);
            if (length > maxBytes) return $"is longer than {maxBytes} bytes";
            return Utf8.IsValid(raw) ? null : "is not valid UTF-8";
        }

        byte[]? rented = null;
        var buffer = raw.Length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(raw.Length));
        try
        {
            try
            {
                length = reader.CopyString(buffer);
            }
            catch (InvalidOperationException)
            {
                length = 0;
                blank = false;
                return "is not valid Unicode (broken escape or lone surrogate)";
            }
            var text = buffer[..length];
            blank = IsBlank(text);
            if (length > maxBytes) return $"is longer than {maxBytes} bytes";
            if (text.Contains((byte)0)) return NulError;
            return Utf8.IsValid(text) ? null : "is not valid UTF-8";
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> text) => text.IndexOfAnyExcept(" \t\r\n"u8) < 0;

    /// <summary>Walks a <c>properties</c> object member by member, checking each value.</summary>
    private string? ReadPropertiesObject(ref Utf8JsonReader reader, EntryState state, int entryDepth, ref int propertiesBytes)
    {
        string? firstError = null;
        var objectStart = (int)reader.TokenStartIndex;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameStart = (int)reader.TokenStartIndex;
            var nameLength = reader.ValueSpan.Length + 2;
            var nameError = CheckString(ref reader, options.MaxPropertiesBytes, out _, out _);
            reader.Read();
            var valueStart = (int)reader.TokenStartIndex;
            // Members sit one level deeper than unknown top-level fields, which become members too.
            var valueError = CheckValue(ref reader, entryDepth + 1);
            var valueLength = (int)reader.BytesConsumed - valueStart;
            state.Members.Add(new Member(nameStart, nameLength, valueStart, valueLength));
            firstError ??= nameError is not null ? "property name " + nameError : valueError;
        }
        propertiesBytes += (int)reader.BytesConsumed - objectStart;
        return firstError;
    }

    /// <summary>Walks any JSON value (leaving the reader on its last token), checking strings and nesting depth.</summary>
    private string? CheckValue(ref Utf8JsonReader reader, int entryDepth)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return CheckString(ref reader, int.MaxValue, out _, out _);
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                break;
            default:
                return null;
        }

        string? firstError = null;
        var startDepth = reader.CurrentDepth;
        // An unknown top-level field's value (at entryDepth + 1) becomes a member of properties: depth 2, like
        // a member's container value; properties itself is depth 1.
        if (startDepth - entryDepth + 1 > options.MaxPropertiesDepth) firstError = TooDeep();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.EndObject or JsonTokenType.EndArray when reader.CurrentDepth == startDepth:
                    return firstError;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    if (firstError is null && reader.CurrentDepth - entryDepth + 1 > options.MaxPropertiesDepth) firstError = TooDeep();
                    break;
                case JsonTokenType.String or JsonTokenType.PropertyName:
                    var error = CheckString(ref reader, int.MaxValue, out _, out _);
                    firstError ??= error is null ? null : (reader.TokenType == JsonTokenType.PropertyName ? "property name " : "a value ") + error;
                    break;
            }
        }
        return firstError;

        string TooDeep() => $"nests deeper than {options.MaxPropertiesDepth} levels";
    }

    private static bool TryReadLevel(ref Utf8JsonReader reader, out LogSeverity level)
    {
        level = LogSeverity.Info;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt32(out var n) && n is >= 0 and <= 5)
                {
                    level = (LogSeverity)n;
                    return true;
                }
                return false;
            case JsonTokenType.String:
                var raw = reader.ValueSpan;
                if (raw.Length > 32) return false;
                Span<byte> bytes = stackalloc byte[32];
                var length = reader.ValueIsEscaped ? reader.CopyString(bytes) : CopyTo(raw, bytes);
                Span<char> chars = stackalloc char[32];
                if (!Ascii.IsValid(bytes[..length])) return false;
                var written = Encoding.ASCII.GetChars(bytes[..length], chars);
                return LogSeverityNames.TryParse(chars[..written], out level);
            default:
                return false;
        }

        static int CopyTo(ReadOnlySpan<byte> source, Span<byte> target)
        {
            source.CopyTo(target);
            return source.Length;
        }
    }

    /// <summary>ISO 8601 (no offset means UTC), other common date-time text, or Unix time (s, ms, µs, ns by magnitude).</summary>
    internal static bool TryReadTimestamp(ref Utf8JsonReader reader, out DateTimeOffset value)
    {
        value = default;
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out var integer)) return TryFromUnix(integer, out value);
            return reader.TryGetDouble(out var real) && TryFromUnix(real, out value);
        }
        if (reader.TokenType != JsonTokenType.String) return false;

        if (reader.TryGetDateTime(out var dateTime))
        {
            switch (dateTime.Kind)
            {
                case DateTimeKind.Unspecified:
                    value = new DateTimeOffset(dateTime, TimeSpan.Zero);
                    return true;
                case DateTimeKind.Utc:
                    value = new DateTimeOffset(dateTime);
                    return true;
                default:
                    if (!reader.TryGetDateTimeOffset(out var withOffset)) return false;
                    value = withOffset.ToUniversalTime();
                    return true;
            }
        }

        // "2025-11-11 16:00:00[.fff][Z]" (Python, SQL, syslog tools): the ISO form with a space; read it as ISO without allocating.
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped && raw.Length is >= 19 and <= 40 && raw[10] == (byte)' ')
        {
            Span<byte> iso = stackalloc byte[42];
            iso[0] = (byte)'"';
            raw.CopyTo(iso[1..]);
            iso[11] = (byte)'T';
            iso[raw.Length + 1] = (byte)'"';
            var isoReader = new Utf8JsonReader(iso[..(raw.Length + 2)]);
            if (isoReader.Read() && TryReadTimestamp(ref isoReader, out value)) return true;
        }

        // Slow path for the forms System.Text.Json does not take (RFC 1123, "1700000000", ...).
        if (raw.Length > 64) return false;
        var text = reader.GetString();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var unixInteger)) return TryFromUnix(unixInteger, out value);
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var unixReal)) return TryFromUnix(unixReal, out value);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces, out value);
    }

    /// <summary>Below 1e11 seconds, below 1e14 milliseconds, below 1e17 microseconds, else nanoseconds.</summary>
    public static bool TryFromUnix(long unix, out DateTimeOffset value)
    {
        var magnitude = unix == long.MinValue ? long.MaxValue : Math.Abs(unix);
        var ticksPerUnit = magnitude switch
        {
            < 100_000_000_000L => TimeSpan.TicksPerSecond,
            < 100_000_000_000_000L => TimeSpan.TicksPerMillisecond,
            < 100_000_000_000_000_000L => TimeSpan.TicksPerMicrosecond,
            _ => 0L,
        };
        long ticks;
        if (ticksPerUnit == 0) ticks = unix / 100; // nanoseconds
        else if (!TryMultiply(unix, ticksPerUnit, out ticks)) { value = default; return false; }
        return TryFromUnixTicks(ticks, out value);
    }

    public static bool TryFromUnix(double unix, out DateTimeOffset value)
    {
        var magnitude = Math.Abs(unix);
        double ticksPerUnit = magnitude switch
        {
            < 1e11 => TimeSpan.TicksPerSecond,
            < 1e14 => TimeSpan.TicksPerMillisecond,
            < 1e17 => TimeSpan.TicksPerMicrosecond,
            _ => 0.01,
        };
        var ticks = unix * ticksPerUnit;
        if (double.IsNaN(ticks) || ticks > long.MaxValue / 2 || ticks < long.MinValue / 2) { value = default; return false; }
        return TryFromUnixTicks((long)Math.Round(ticks), out value);
    }

    private static bool TryFromUnixTicks(long unixTicks, out DateTimeOffset value)
    {
        var ticks = DateTime.UnixEpoch.Ticks + unixTicks;
        if (unixTicks > DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks || ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            value = default;
            return false;
        }
        value = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    private static bool TryMultiply(long a, long b, out long result)
    {
        try
        {
            result = checked(a * b);
            return true;
        }
        catch (OverflowException)
        {
            result = 0;
            return false;
        }
    }
}
