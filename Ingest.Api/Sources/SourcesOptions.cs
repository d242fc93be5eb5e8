namespace Ingest.Api.Sources;

/// <summary>
/// <c>Sources</c>: the files ingest tails itself, all configured here by the operator (a client can start and stop
/// them, never name a path). <c>Sources:AllowedDirectories</c> bounds every glob; <c>Sources:Definitions:&lt;name&gt;</c>
/// defines one source.
/// </summary>
public sealed class SourcesOptions
{
    public const string SectionName = "Sources";

    /// <summary>Absolute directories the sources' files must be in (symbolic links are followed and checked too).</summary>
    public string[] AllowedDirectories { get; set; } = [];

    /// <summary>Where each source keeps its offsets (<c>&lt;name&gt;.state.json</c>); default: the user's local data folder.</summary>
    public string? StateDirectory { get; set; }

    public Dictionary<string, SourceDefinition> Definitions { get; set; } = new(StringComparer.Ordinal);

    public string ResolvedStateDirectory => StateDirectory is { Length: > 0 } directory
        ? Path.GetFullPath(directory)
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "LogPlatform", "ingest-sources");
}
