using Ingest.Api.Parsing;

namespace Ingest.Api.Protocols;

/// <summary>
/// The end of a protocol request: the status, the logs enqueued (or, for a duplicate, enqueued the first time), the outcome
/// (errors) and why; <see cref="Rejected"/> counts the logs refused alone when the protocol accepts the rest (partial
/// success); <see cref="EntryIds"/> the stream entries written and <see cref="ReceivedAt"/> the logs' time of receipt.
/// </summary>
public sealed record ProtocolResult(ProtocolStatus Status, int Accepted = 0, ParseOutcome? Outcome = null, string? Detail = null, int Rejected = 0,
    string[]? EntryIds = null, DateTimeOffset ReceivedAt = default, int BelowMinimumLevel = 0);
