using LogPlatform.Contracts;

namespace Ingest.Api.Protocols.Clef;

/// <summary>Configuration section <c>Ingest:Clef</c>.</summary>
public sealed class ClefOptions
{
    public const string SectionName = "Ingest:Clef";

    /// <summary>
    /// A minimum level per API key (<c>Ingest__Clef__MinimumLevels__&lt;key&gt;=Warning</c>), answered as Seq's
    /// <c>MinimumLevelAccepted</c>: Serilog's Seq sink then stops the events below it at the source. Every door (not only
    /// CLEF) also drops the logs below it on the server, counted, so a client that ignores the hint cannot flood.
    /// </summary>
    public Dictionary<string, string> MinimumLevels { get; set; } = [];

    /// <summary>The key's minimum level, or null when none is configured (or it is not a level name).</summary>
    public LogSeverity? MinimumSeverityFor(ReadOnlySpan<char> key)
    {
        if (MinimumLevels.Count == 0 || key.IsEmpty) return null;
        var lookup = MinimumLevels.GetAlternateLookup<ReadOnlySpan<char>>();
        return lookup.TryGetValue(key, out var level) && LogSeverityNames.TryParse(level, out var severity) ? severity : null;
    }

    /// <summary>Serilog's name for the key's minimum level, or null when none is configured.</summary>
    public string? MinimumLevelFor(ReadOnlySpan<char> key) => MinimumSeverityFor(key) switch
    {
        null => null,
        LogSeverity.Trace => "Verbose",
        LogSeverity.Debug => "Debug",
        LogSeverity.Info => "Information",
        LogSeverity.Warn => "Warning",
        LogSeverity.Error => "Error",
        _ => "Fatal",
    };
}
