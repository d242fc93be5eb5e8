using System.Text.Json;
using Ingest.Api.Parsing;

namespace Ingest.Api.Protocols.Clef;

/// <summary>
/// Seq's older JSON ingestion format, <c>{"Events":[{"Timestamp","Level","MessageTemplate","RenderedMessage","Exception",
/// "TraceId","SpanId","Properties":{...}}]}</c>, which some clients (npm's <c>seq-logging</c>, old Serilog sinks) still post to
/// <c>/api/events/raw</c>. Each event is rewritten as one CLEF line, so it is then read exactly as CLEF is.
/// </summary>
public static class SeqRawEvents
{
    private const int MaxDepth = 64;

    /// <summary>An object whose first member is <c>Events</c>: cheap to tell apart from a CLEF event, whose members start with <c>@</c>.</summary>
    public static bool IsRawEvents(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("Events"u8);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Where one event of the array is in the body: its position (for the dead-letter list) and its JSON.</summary>
    public readonly record struct EventSpan(int Offset, int Length);

    /// <summary>The events of the array, in order; an error names what is wrong with the envelope itself.</summary>
    public static string? FindEvents(ReadOnlySpan<byte> body, List<EventSpan> events)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            reader.Read(); // {
            reader.Read(); // "Events"
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return "\"Events\" must be an array of events";
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                events.Add(new EventSpan(start, (int)reader.BytesConsumed - start));
            }
            return null;
        }
        catch (JsonException ex)
        {
            return $"the body is not valid JSON: {ex.Message}";
        }
    }

    /// <summary>
    /// Rewrites one event as a CLEF line into <paramref name="output"/>; an error (in CLEF's own words) when it is not an
    /// object. Properties whose names start with <c>@</c> are escaped as <c>@@</c>, as CLEF requires.
    /// </summary>
    public static string? ToClef(ReadOnlySpan<byte> json, PooledBufferWriter output)
    {
        output.Clear();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return "an event must be a JSON object";
            writer.WriteStartObject();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                reader.Read();
                if (Equals(name, "Properties"u8) && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var property = reader.GetString()!;
                        reader.Read();
                        writer.WritePropertyName(property.StartsWith('@') ? "@" + property : property);
                        writer.WriteRawValue(Value(json, ref reader), skipInputValidation: true);
                    }
                    continue;
                }
                var clefName = ClefName(name);
                if (clefName is null || reader.TokenType == JsonTokenType.Null)
                {
                    reader.Skip();
                    continue;
                }
                writer.WritePropertyName(clefName);
                writer.WriteRawValue(Value(json, ref reader), skipInputValidation: true);
            }
            writer.WriteEndObject();
            return null;
        }
        catch (JsonException ex)
        {
            return $"the event is not valid JSON: {ex.Message}";
        }
    }

    private static string? ClefName(ReadOnlySpan<byte> name) =>
        Equals(name, "Timestamp"u8) ? "@t"
        : Equals(name, "Level"u8) ? "@l"
        : Equals(name, "MessageTemplate"u8) ? "@mt"
        : Equals(name, "RenderedMessage"u8) ? "@m"
        : Equals(name, "Exception"u8) ? "@x"
        : Equals(name, "TraceId"u8) ? "@tr"
        : Equals(name, "SpanId"u8) ? "@sp"
        : Equals(name, "EventId"u8) ? "@i"
        : null; // anything else at the top level is not part of the format

    private static bool Equals(ReadOnlySpan<byte> name, ReadOnlySpan<byte> expected) => name.SequenceEqual(expected);

    /// <summary>The current value's raw JSON, leaving the reader on its last token.</summary>
    private static ReadOnlySpan<byte> Value(ReadOnlySpan<byte> json, ref Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return json[start..(int)reader.BytesConsumed];
    }
}
