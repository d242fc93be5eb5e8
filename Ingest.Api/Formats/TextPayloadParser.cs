using System.Text.Json;
using System.Text.Unicode;
using Ingest.Api.Parsing;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Formats;

/// <summary>
/// The text entry points' one parser: splits text into events (<see cref="MultilineJoiner"/>), parses each with the
/// session's format, and writes it into the stream payload. A line no format matches is still written: its raw text
/// as the message, level info, <c>format: "unparsed"</c> and a <c>parse_error</c>. JSON lines go through the JSON path.
/// </summary>
/// <example>
/// A syslog listener: <c>using var session = parser.StartSession(choice);</c> then, per datagram,
/// <c>parser.WriteEvent(datagram, session, defaults, chunks);</c>. An uploader: <c>parser.Parse(body, session, defaults, chunks)</c>.
/// </example>
public sealed class TextPayloadParser(LogPayloadParser json, TextLogWriter writer, TextFormatRegistry formats,
    IOptions<IngestOptions> ingestOptions, IOptions<TextFormatOptions> textOptions)
{
    private static readonly JsonEncodedText UnparsedName = JsonEncodedText.Encode(FormatCounts.UnparsedName);
    private const string NotJson = "json: the line is not one JSON object";

    private readonly IngestOptions _options = ingestOptions.Value;
    private readonly int _maxEventLines = textOptions.Value.MaxEventLines;

    public TextFormatRegistry Formats => formats;

    public TextParseSession StartSession(TextFormatChoice format) => new(format);

    /// <summary>Every event of <paramref name="text"/> (at most <see cref="IngestOptions.MaxEntriesPerRequest"/>).</summary>
    public ParseOutcome Parse(ReadOnlySpan<byte> text, TextParseSession session, in LogDefaults defaults, LogChunkWriter output)
    {
        var outcome = new ParseOutcome(_options.MaxReportedErrors);
        var events = new MultilineJoiner(text, session.Format.StartRule, _maxEventLines);
        while (events.MoveNext(out var @event))
        {
            if (@event.IndexOfAnyExcept(" \t\r\n"u8) < 0) continue;
            if (outcome.Entries >= _options.MaxEntriesPerRequest)
            {
                outcome.TooManyEntries = true;
                break;
            }
            outcome.Entries++;
            WriteEvent(@event, session, defaults, output);
        }
        if (outcome.Entries == 0)
        {
            outcome.BodyMalformed = true;
            outcome.AddError(null, null, "the body holds no log lines");
        }
        return outcome;
    }

    /// <summary>Parses one event (a line or a multi-line event) and writes it as one log, parsed or not.</summary>
    public void WriteEvent(ReadOnlySpan<byte> @event, TextParseSession session, in LogDefaults defaults, LogChunkWriter output)
    {
        var invalidUtf8 = !Utf8.IsValid(@event);
        if (invalidUtf8 || @event.Contains((byte)0)) @event = session.Sanitize(@event);

        var format = session.Format;
        var record = session.Record;
        record.Reset();
        var first = @event.IndexOfAnyExcept(" \t"u8);
        string? reason;
        if (format.AcceptsJson && first >= 0 && @event[first] == (byte)'{')
        {
            reason = TryWriteJson(@event, defaults, output);
            if (reason is null)
            {
                session.Counts.Add(TextFormatRegistry.Json);
                return;
            }
        }
        else if (format.Lines is null) reason = NotJson;
        else if (format.Lines.TryParse(@event, defaults.ReceivedAt, record))
        {
            var used = record.ParsedAs ?? format.Lines;
            writer.Write(output, @event, record, used.EncodedName, defaults, invalidUtf8);
            session.Counts.Add(used.Name);
            return;
        }
        else reason = record.Error ?? $"{format.Name}: the line does not parse";

        record.Reset();
        record.Fail(reason);
        writer.Write(output, @event, record, UnparsedName, defaults, invalidUtf8);
        session.Counts.Add(FormatCounts.UnparsedName);
    }

    /// <returns>null when the line was one valid JSON log and is written; else why not (nothing is written).</returns>
    private string? TryWriteJson(ReadOnlySpan<byte> line, in LogDefaults defaults, LogChunkWriter output)
    {
        // One whole object, nothing after it: the JSON path then writes it only if it is valid, never half.
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return NotJson;
            reader.Skip();
            if (line[(int)reader.BytesConsumed..].IndexOfAnyExcept(" \t\r\n"u8) >= 0) return NotJson;
        }
        catch (JsonException ex)
        {
            return "json: invalid JSON: " + ex.Message;
        }
        var outcome = json.Parse(line, PayloadFormat.Json, defaults, output);
        return outcome.IsValid
            ? null
            : "json: " + string.Join("; ", outcome.Errors.Select(e => e.Field is null ? e.Error : $"{e.Field} {e.Error}"));
    }
}
