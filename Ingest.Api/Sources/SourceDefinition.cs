namespace Ingest.Api.Sources;

/// <summary>One operator-defined source: files inside an allowed directory, tailed by ingest itself.</summary>
public sealed class SourceDefinition
{
    /// <summary>An absolute path or glob (wildcards in the file name only) inside one of <see cref="SourcesOptions.AllowedDirectories"/>.</summary>
    public string Glob { get; set; } = "";

    /// <summary>A text format of <c>Ingest:TextFormats</c> / <c>Ingest:Formats</c> (<c>syslog</c>, <c>access</c>, <c>auto</c>…).</summary>
    public string Format { get; set; } = "auto";

    /// <summary>The logs' default source and application.</summary>
    public string? Source { get; set; }
    public string? Application { get; set; }

    /// <summary>Started with ingest (otherwise by <c>POST /api/v1/sources/{name}/start</c>).</summary>
    public bool AutoStart { get; set; } = true;
}
