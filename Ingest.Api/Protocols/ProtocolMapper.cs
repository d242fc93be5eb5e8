using Ingest.Api.Parsing;

namespace Ingest.Api.Protocols;

/// <summary>
/// One protocol's mapping from a request body into normalised logs in the stream payload. Invalid input is reported in
/// the <see cref="ParseOutcome"/> (with the rejected entries' places in the body, for the dead-letter list).
/// </summary>
public interface IProtocolMapper
{
    ParseOutcome Map(ReadOnlySpan<byte> body, string? contentType, in LogDefaults defaults, LogChunkWriter output);
}
