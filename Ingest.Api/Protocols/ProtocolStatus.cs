namespace Ingest.Api.Protocols;

/// <summary>How a protocol request ended; each door turns it into the answer its clients expect.</summary>
public enum ProtocolStatus
{
    Accepted,
    /// <summary>The Idempotency-Key was used before: accepted then, nothing enqueued now.</summary>
    Duplicate,
    /// <summary>400: the body or a log in it is invalid; nothing was enqueued.</summary>
    Invalid,
    /// <summary>413: the body or the number of logs is over the limits.</summary>
    TooLarge,
    /// <summary>429: the backlog is above the high-water mark (Retry-After set).</summary>
    Busy,
    /// <summary>503: Redis is unreachable (Retry-After set).</summary>
    Unavailable,
}
