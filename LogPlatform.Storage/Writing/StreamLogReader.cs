using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using LogPlatform.Contracts;

namespace LogPlatform.Storage.Writing;

/// <summary>
/// Reads a stream entry's payload (the JSON array of logs that ingest writes, <see cref="LogEvent"/>'s shape) one log at
/// a time without materialising it: strings stay UTF-8 slices of the payload. The worker stores and republishes
/// 40,000+ logs a second; decoding each into a <see cref="LogEvent"/> (and encoding it twice more) cost it more CPU in
/// allocations and GC than PostgreSQL's COPY itself (bench/README.md, "Worker hot path").
/// </summary>
public ref struct StreamLogReader
{
    private static readonly LogSeverityJsonConverter LevelConverter = new();

    private readonly ReadOnlySpan<byte> _payload;
    private Utf8JsonReader _reader;

    public StreamLogReader(ReadOnlySpan<byte> payload)
    {
        _payload = payload;
        _reader = new Utf8JsonReader(_payload, new JsonReaderOptions { MaxDepth = 64 });
        if (!_reader.Read() || _reader.TokenType != JsonTokenType.StartArray) throw new JsonException("the payload is not a JSON array of logs");
    }

    /// <summary>Reads the next log; false after the last. Throws <see cref="JsonException"/> on a malformed log.</summary>
    public bool TryRead(out StreamLog log)
    {
        log = default;
        if (!_reader.Read()) throw new JsonException("the array of logs is not closed");
        if (_reader.TokenType == JsonTokenType.EndArray) return false;
        if (_reader.TokenType != JsonTokenType.StartObject) throw new JsonException("a log is not a JSON object");

        log.ObjectStart = (int)_reader.TokenStartIndex;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameStart = (int)_reader.TokenStartIndex;
            var name = _reader.ValueSpan;
            _reader.Read();
            if (name.SequenceEqual("timestamp"u8)) log.Timestamp = ReadTime("timestamp");
            else if (name.SequenceEqual("received_at"u8)) log.ReceivedAt = ReadTime("received_at");
            else if (name.SequenceEqual("level"u8)) log.Level = LevelConverter.Read(ref _reader, typeof(LogSeverity), JsonSerializerOptions.Default);
            else if (name.SequenceEqual("message"u8)) log.Message = ReadText("message", required: true);
            else if (name.SequenceEqual("source"u8)) log.Source = ReadText("source", required: true);
            else if (name.SequenceEqual("application"u8)) log.Application = ReadText("application", required: true);
            else if (name.SequenceEqual("trace_id"u8)) log.TraceId = ReadText("trace_id", required: false);
            else if (name.SequenceEqual("span_id"u8)) log.SpanId = ReadText("span_id", required: false);
            else if (name.SequenceEqual("properties"u8))
            {
                var start = (int)_reader.TokenStartIndex;
                _reader.Skip();
                if (_reader.TokenType != JsonTokenType.Null) log.Properties = new Range(start, (int)_reader.BytesConsumed);
            }
            else
            {
                _reader.Skip(); // "id" (0 before storage) and anything a newer ingest adds
            }
            if (log.IdProperty is null && name.SequenceEqual("id"u8)) log.IdProperty = new Range(nameStart, (int)_reader.BytesConsumed);
        }
        if (_reader.TokenType != JsonTokenType.EndObject) throw new JsonException("a log is not a JSON object");
        log.ObjectEnd = (int)_reader.BytesConsumed;
        return true;
    }

    /// <summary>The bytes of a range of the payload (a property's raw JSON, a whole log object).</summary>
    public readonly ReadOnlySpan<byte> Slice(Range range) => _payload[range];

    /// <summary>
    /// Writes a string's UTF-8 content, unescaped, to <paramref name="destination"/> (at least as long as the escaped
    /// content); returns the bytes written.
    /// </summary>
    public readonly int CopyText(StreamText text, Span<byte> destination)
    {
        var (offset, length) = text.Value!.Value.GetOffsetAndLength(_payload.Length);
        if (!text.IsEscaped)
        {
            _payload.Slice(offset, length).CopyTo(destination);
            return length;
        }
        // The quoted string on its own is a JSON document: let the reader unescape it.
        var quoted = new Utf8JsonReader(_payload.Slice(offset - 1, length + 2));
        quoted.Read();
        return quoted.CopyString(destination);
    }

    private DateTimeOffset ReadTime(string field)
        => _reader.TokenType == JsonTokenType.String && _reader.TryGetDateTimeOffset(out var value)
            ? value
            : throw new JsonException($"'{field}' is not an ISO 8601 time");

    private StreamText ReadText(string field, bool required)
    {
        if (_reader.TokenType == JsonTokenType.String)
        {
            return new StreamText(new Range((int)_reader.TokenStartIndex + 1, (int)_reader.TokenStartIndex + 1 + _reader.ValueSpan.Length), _reader.ValueIsEscaped);
        }
        if (!required && _reader.TokenType == JsonTokenType.Null) return default;
        throw new JsonException($"'{field}' is not a string");
    }

    /// <summary>Counts the logs of a payload and checks each one can be read; the error says which and why.</summary>
    public static bool TryCount(ReadOnlySpan<byte> payload, out int count, [NotNullWhen(false)] out string? error)
    {
        count = 0;
        try
        {
            var logs = new StreamLogReader(payload);
            while (logs.TryRead(out _)) count++;
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            error = $"log {count}: {ex.Message}";
            return false;
        }
    }
}

/// <summary>One log of a payload: values, and where its strings and raw parts lie in the payload.</summary>
public struct StreamLog
{
    public DateTimeOffset Timestamp;
    public DateTimeOffset ReceivedAt;
    public LogSeverity Level;
    public StreamText Message;
    public StreamText Source;
    public StreamText Application;
    public StreamText TraceId;
    public StreamText SpanId;
    /// <summary>The raw JSON of "properties"; default when absent or null.</summary>
    public Range? Properties;
    /// <summary>The <c>"id": 0</c> property as written before storage (left out when the stored log is written).</summary>
    public Range? IdProperty;
    public int ObjectStart;
    public int ObjectEnd;
}

/// <summary>A JSON string's content within the payload (still escaped when <see cref="IsEscaped"/>); default = absent.</summary>
public readonly record struct StreamText(Range? Value, bool IsEscaped);
