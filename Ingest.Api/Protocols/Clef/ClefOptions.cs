using LogPlatform.Contracts;

namespace Ingest.Api.Protocols.Clef;

/// <summary>Configuration section <c>Ingest:Clef</c>.</summary>
public sealed class ClefOptions
{
    public const string SectionName = "Ingest:Clef";

    /// <summary>
    /// A minimum level per API key (<c>Ingest__Clef__MinimumLevels__&lt;key&gt;=Warning</c>), answered as Seq's
    /// <c>MinimumLevelAccepted</c>: Serilog's Seq sink then stops the events below it at the source.
    /// </summary>
    public Dictionary<string, string> MinimumLevels { get; set; } = [];

    /// <summary>Serilog's name for the key's minimum level, or null when none is configured.</summary>
    public string? MinimumLevelFor(ReadOnlySpan<char> key)
    {
        if (MinimumLevels.Count == 0 || key.IsEmpty) return null;
        var lookup = MinimumLevels.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(key, out var level) || !LogSeverityNames.TryParse(level, out var severity)) return null;
        return severity switch
        {
            LogSeverity.Trace => "Verbose",
            LogSeverity.Debug => "Debug",
            LogSeverity.Info => "Information",
            LogSeverity.Warn => "Warning",
            LogSeverity.Error => "Error",
            _ => "Fatal",
        };
    }
}
