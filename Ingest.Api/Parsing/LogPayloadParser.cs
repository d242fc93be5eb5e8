using System.Text.Json;

namespace Ingest.Api.Parsing;

/// <summary>
/// The framing of a <c>POST /logs</c> body: one JSON log, a JSON array of logs, or NDJSON, read in one pass with one
/// <see cref="Utf8JsonReader"/>; each element goes to <see cref="LogEntryReader"/>. All-or-nothing: after the first
/// invalid entry nothing more is written, but every entry is still checked so the answer names every problem.
/// </summary>
public sealed class LogPayloadParser(StreamLogWriter writer)
{
    private readonly IngestOptions _options = writer.Options;
    private readonly LogEntryReader _entries = new(writer.Options);
    private readonly int _maxDepth = Math.Max(64, writer.Options.MaxPropertiesDepth + 8);

    public LogPayloadParser(IngestOptions options) : this(new StreamLogWriter(options)) { }

    public ParseOutcome Parse(ReadOnlySpan<byte> body, PayloadFormat format, in LogDefaults defaults, LogChunkWriter output)
    {
        var outcome = new ParseOutcome(_options.MaxReportedErrors);
        var state = new LogEntryReader.EntryState();
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
                    if (!_entries.Read(ref reader, body, outcome, state, defaults, output)) break;
                }
                while (reader.Read());
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!_entries.Read(ref reader, body, outcome, state, defaults, output)) break;
                }
                if (!outcome.TooManyEntries) reader.Read(); // throws on trailing garbage after the array
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                _entries.Read(ref reader, body, outcome, state, defaults, output);
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
}
