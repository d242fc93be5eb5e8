namespace Ingest.Api.Sources;

/// <summary>A source as <c>GET /api/v1/sources</c> shows it.</summary>
public sealed record SourceStatus(string Name, string State, string Format, string Glob, IReadOnlyList<SourceFileStatus> Files,
    long LinesTotal, double LinesPerSecond, string? LastError);
