using Ingest.Api.Parsing;

namespace Ingest.Api.Protocols;

/// <summary>The end of a protocol request: the status, the logs enqueued, and for 400 and 413 the outcome and why.</summary>
public sealed record ProtocolResult(ProtocolStatus Status, int Accepted = 0, ParseOutcome? Outcome = null, string? Detail = null);
