namespace Ingest.Api.Sources;

public enum SourceState
{
    Stopped,
    Running,

    /// <summary>Stopped by an error (see the source's <c>last_error</c>); a start tries again.</summary>
    Failed,
}
