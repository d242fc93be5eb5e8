using Ingest.Api.Parsing;

namespace Ingest.Api.Protocols;

/// <summary>
/// The end of a protocol request: the status, the logs enqueued, the outcome (errors) and why; <see cref="Rejected"/> counts the
/// logs refused alone when the protocol accepts the rest (partial success).
/// </summary>
public sealed record ProtocolResult(ProtocolStatus Status, int Accepted = 0, ParseOutcome? Outcome = null, string? Detail = null, int Rejected = 0);
