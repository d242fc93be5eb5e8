using System.Text;
using System.Text.Json;
using Ingest.Api.Parsing;
using LogPlatform.Contracts;

namespace Ingest.Api.Tests.Parsing;

/// <summary>Runs the parser over a body and reads back what would go on the stream, as the worker would.</summary>
public static class ParserHarness
{
    public static readonly DateTimeOffset ReceivedAt = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public sealed record Result(ParseOutcome Outcome, IReadOnlyList<LogChunk> Chunks, LogEvent[] Logs, string[] Payloads);

    public static Result Parse(string body, IngestOptions? options = null, PayloadFormat format = PayloadFormat.Json,
        string? requestTraceId = null, string? requestSpanId = null)
        => Parse(Encoding.UTF8.GetBytes(body), options, format, requestTraceId, requestSpanId);

    public static Result Parse(byte[] body, IngestOptions? options = null, PayloadFormat format = PayloadFormat.Json,
        string? requestTraceId = null, string? requestSpanId = null)
    {
        options ??= new IngestOptions();
        var parser = new LogPayloadParser(options);
        using var output = new LogChunkWriter(options.ChunkSize, 1024);
        var defaults = new LogDefaults(JsonEncodedText.Encode("default-source"), JsonEncodedText.Encode("default-app"), ReceivedAt,
            requestTraceId is null ? null : JsonEncodedText.Encode(requestTraceId), requestSpanId is null ? null : JsonEncodedText.Encode(requestSpanId));
        var outcome = parser.Parse(body, format, defaults, output);
        var chunks = output.Complete();
        var payloads = chunks.Select(c => Encoding.UTF8.GetString(c.Payload.Span)).ToArray();
        var logs = outcome.IsValid
            ? chunks.SelectMany(c => JsonSerializer.Deserialize(c.Payload.Span, ContractsJsonContext.Default.LogEventArray)!).ToArray()
            : [];
        // Copy the chunk list out of the pooled buffers before they are returned.
        var copied = chunks.Select(c => new LogChunk(c.Payload.ToArray(), c.Count)).ToArray();
        return new Result(outcome, copied, logs, payloads);
    }

    public static LogEvent Single(string json, IngestOptions? options = null)
    {
        var result = Parse(json, options);
        Assert.True(result.Outcome.IsValid, string.Join("; ", result.Outcome.Errors));
        return Assert.Single(result.Logs);
    }

    public static IngestError SingleError(string body, IngestOptions? options = null)
    {
        var result = Parse(body, options);
        Assert.False(result.Outcome.IsValid);
        return Assert.Single(result.Outcome.Errors);
    }
}
