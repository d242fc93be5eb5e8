namespace Ingest.Api.Sources;

/// <summary>One file of a source: bytes shipped (<c>offset</c>), its size, and what is left (<c>lag_bytes</c>).</summary>
public sealed record SourceFileStatus(string File, long Offset, long Size, long LagBytes);
