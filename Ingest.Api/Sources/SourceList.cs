namespace Ingest.Api.Sources;

public sealed record SourceList(IReadOnlyList<SourceStatus> Sources);
