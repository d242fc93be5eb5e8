using Ingest.Api.Formats;
using Ingest.Api.Parsing;
using Ingest.Api.Protocols;

namespace Ingest.Api.Logs;

/// <summary>
/// <c>POST /logs</c> as a door of the shared pipeline (<see cref="ProtocolIngest"/>): our own JSON (one log, an array, or
/// NDJSON by <c>Content-Type</c>), or text lines in the chosen format when <paramref name="text"/> is given.
/// </summary>
public sealed class LogsBodyMapper(LogPayloadParser json, TextPayloadParser textParser, TextParseSession? text) : IProtocolMapper
{
    public ParseOutcome Map(ReadOnlySpan<byte> body, string? contentType, in LogDefaults defaults, LogChunkWriter output)
    {
        if (text is null) return json.Parse(body, IsNdJson(contentType) ? PayloadFormat.NdJson : PayloadFormat.Json, defaults, output);
        var outcome = textParser.Parse(body, text, defaults, output);
        outcome.Unparsed = text.Counts.Unparsed;
        return outcome;
    }

    private static bool IsNdJson(string? contentType)
        => contentType is not null
           && (contentType.Contains("ndjson", StringComparison.OrdinalIgnoreCase)
               || contentType.Contains("jsonl", StringComparison.OrdinalIgnoreCase)
               || contentType.Contains("json-seq", StringComparison.OrdinalIgnoreCase));
}
