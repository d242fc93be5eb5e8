namespace LogPlatform.Contracts;

/// <summary>
/// The fields of one entry on <see cref="RedisNames.IngestStream"/>. An entry carries a chunk of
/// accepted logs (a JSON array of <see cref="LogEvent"/> without ids), so one XADD and one
/// acknowledgement cover many logs; a log's idempotency key is (entry id, index in the entry).
/// </summary>
public static class StreamEntryFields
{
    /// <summary>UTF-8 JSON array of normalised log events.</summary>
    public const string Payload = "p";
    /// <summary>How many logs the payload holds.</summary>
    public const string Count = "n";
    /// <summary>W3C traceparent of the ingest request, so the worker continues its trace.</summary>
    public const string TraceParent = "tp";
    /// <summary>When ingest accepted the chunk (Unix milliseconds), for ingest-to-store latency.</summary>
    public const string AcceptedAtUnixMs = "at";
}
