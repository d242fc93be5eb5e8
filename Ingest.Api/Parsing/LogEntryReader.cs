using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using LogPlatform.Contracts;

namespace Ingest.Api.Parsing;

/// <summary>
/// Reads, validates and normalises one JSON log of a <c>POST /logs</c> body with the body's <see cref="Utf8JsonReader"/>
/// (framed by <see cref="LogPayloadParser"/>), writing it when valid through <see cref="StreamLogWriter"/>: no object per
/// log, and strings are copied as their raw JSON (already escaped) rather than decoded and re-encoded. Every problem of the
/// entry is reported; once any entry of the request failed, nothing more is written.
/// </summary>
public sealed class LogEntryReader(IngestOptions options)
{
    /// <summary>NUL cannot be stored in PostgreSQL text or jsonb, so it is refused rather than silently altered.</summary>
    public const string NulError = "must not contain NUL (\\u0000) characters";

    /// <summary>A value's raw JSON (quotes and escapes included) inside the body.</summary>
    private readonly record struct Slice(int Start, int Length)
    {
        public static readonly Slice None = new(-1, 0);
        public bool IsPresent => Start >= 0;
    }

    /// <summary>One member of the normalised <c>properties</c> object: raw name and raw value, inside the body.</summary>
    internal readonly record struct Member(int NameStart, int NameLength, int ValueStart, int ValueLength);

    /// <summary>Per-request scratch state, reused for every entry of the request.</summary>
    public sealed class EntryState
    {
        internal readonly List<Member> Members = [];
        internal PooledBufferWriter? Properties;
        internal readonly StringBuilder Reason = new();
    }

    /// <returns>false when no more entries may be read.</returns>
    public bool Read(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, ParseOutcome outcome, EntryState state,
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
            var field = LogFieldAliases.Classify(ref reader);
            var nameStart = (int)reader.TokenStartIndex;
            var nameLength = reader.ValueSpan.Length + 2;
            reader.Read();

            if (field != LogField.Unknown)
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
                case LogField.Timestamp:
                    if (reader.TokenType == JsonTokenType.Null) break;
                    if (!TimestampParser.TryRead(ref reader, out var ts)) { error = TimestampParser.Error; reader.Skip(); }
                    else if (ts - defaults.ReceivedAt > options.MaxFutureSkew) error = $"is more than {options.MaxFutureSkew} after the time of receipt (a wrong clock or unit?)";
                    else timestamp = ts;
                    break;
                case LogField.Level:
                    if (reader.TokenType == JsonTokenType.Null) break;
                    if (!LevelParser.TryRead(ref reader, out level)) { error = LevelParser.Error; reader.Skip(); }
                    break;
                case LogField.Message:
                    error = ReadText(ref reader, options.MaxMessageBytes, required: true, out message);
                    break;
                case LogField.Source:
                    error = ReadText(ref reader, options.MaxNameBytes, required: false, out source);
                    break;
                case LogField.Application:
                    error = ReadText(ref reader, options.MaxNameBytes, required: false, out application);
                    break;
                case LogField.TraceId:
                    error = ReadText(ref reader, options.MaxIdBytes, required: false, out traceId);
                    break;
                case LogField.SpanId:
                    error = ReadText(ref reader, options.MaxIdBytes, required: false, out spanId);
                    break;
                case LogField.Properties:
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

        if (!message.IsPresent && (seen & (1 << (int)LogField.Message)) == 0)
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

        if (StreamLogWriter.Drops(output, level, defaults)) return true;
        StreamLogWriter.WriteRaw(output, timestamp ?? defaults.ReceivedAt, level, Raw(body, message), Raw(body, source), Raw(body, application),
            Raw(body, traceId), Raw(body, spanId), state.Members.Count > 0 ? AssembleProperties(body, state) : default, defaults);
        return true;
    }

    private static ReadOnlySpan<byte> Raw(ReadOnlySpan<byte> body, Slice value) => value.IsPresent ? body.Slice(value.Start, value.Length) : default;

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
}
