using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ingest.Api.Parsing;

namespace Ingest.Api.Logs;

/// <summary>The 202 answer: how many logs are now on the stream, under which stream entries.</summary>
public sealed record IngestAccepted(
    [property: JsonPropertyName("accepted"), Description("Logs enqueued (all of the request).")] int Accepted,
    [property: JsonPropertyName("entries"), Description("Stream entry ids (logs:ingest), one per chunk of up to 1000 logs.")] string[] Entries,
    [property: JsonPropertyName("received_at"), Description("When ingest received the request (UTC); the logs' received_at.")] DateTimeOffset ReceivedAt,
    [property: JsonPropertyName("duplicate"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault),
               Description("True when the Idempotency-Key was already used: the logs were accepted by the earlier request and not enqueued again.")]
    bool Duplicate = false,
    [property: JsonPropertyName("formats"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull),
               Description("Text bodies only: how many logs each format parsed, and how many no format matched (\"unparsed\", stored raw with a parse_error).")]
    IReadOnlyDictionary<string, int>? Formats = null,
    [property: JsonPropertyName("below_minimum_level"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault),
               Description("Valid logs dropped, not stored, because they are below the API key's minimum level (Ingest:Clef:MinimumLevels).")]
    int BelowMinimumLevel = 0);

/// <summary>A log as clients send it; documents the request body (the parser reads the raw JSON itself).</summary>
public sealed record LogInput
{
    [JsonPropertyName("timestamp"), Description("ISO 8601 (UTC when no offset), or Unix seconds/ms/µs/ns. Aliases: @timestamp, time, ts. Missing: the time of receipt.")]
    public JsonElement? Timestamp { get; init; }

    [JsonPropertyName("level"), Description("trace, debug, info, warn, error, fatal, any case, with aliases (verbose, information, warning, err, critical, ...) or 0..5. Alias: severity. Missing: info.")]
    public string? Level { get; init; }

    [JsonPropertyName("message"), Description("Required, non-empty. Alias: msg.")]
    public required string Message { get; init; }

    [JsonPropertyName("source"), Description("Where the log comes from (host, component). Missing: the X-Log-Source header, else \"unknown\".")]
    public string? Source { get; init; }

    [JsonPropertyName("application"), Description("The application. Aliases: app. Missing: the X-Log-Application header, else \"unknown\".")]
    public string? Application { get; init; }

    [JsonPropertyName("trace_id"), Description("Optional trace id (alias traceId).")]
    public string? TraceId { get; init; }

    [JsonPropertyName("span_id"), Description("Optional span id (alias spanId).")]
    public string? SpanId { get; init; }

    [JsonPropertyName("properties"), Description("Free JSON object (alias metadata). Unknown top-level fields are folded into it.")]
    public JsonElement? Properties { get; init; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IngestAccepted))]
[JsonSerializable(typeof(IngestError))]
[JsonSerializable(typeof(List<IngestError>))]
[JsonSerializable(typeof(LogInput))]
[JsonSerializable(typeof(LogInput[]))]
public sealed partial class IngestJsonContext : JsonSerializerContext;
