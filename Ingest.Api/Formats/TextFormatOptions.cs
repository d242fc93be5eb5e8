using System.ComponentModel.DataAnnotations;

namespace Ingest.Api.Formats;

/// <summary>Configuration section <c>Ingest:Text</c>: how text bodies are split into events and parsed.</summary>
public sealed class TextFormatOptions
{
    public const string SectionName = IngestOptions.SectionName + ":Text";

    /// <summary>The section of the named custom formats (<see cref="CustomFormatOptions"/>), by name.</summary>
    public const string FormatsSectionName = IngestOptions.SectionName + ":Formats";

    /// <summary>The format when a request names none (<c>?format=</c>, <c>X-Log-Format</c>).</summary>
    [Required]
    public string DefaultFormat { get; set; } = TextFormatRegistry.Auto;

    /// <summary>Join continuation lines (a stack trace) to the event they belong to. Never for <c>json</c>.</summary>
    public bool Multiline { get; set; } = true;

    /// <summary>
    /// A regular expression a line must match to start a new event. Empty: a line that does not begin with a space or
    /// tab (and is not a Java <c>Caused by:</c>) starts one. A custom format's <c>StartPattern</c> wins for that format.
    /// </summary>
    public string? MultilineStartPattern { get; set; }

    /// <summary>Most lines in one event; a longer run of continuation lines starts a new event.</summary>
    [Range(1, 100_000)]
    public int MaxEventLines { get; set; } = 1000;

    /// <summary>How long one regular-expression match may take (custom formats, start patterns).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan MatchTimeout { get; set; } = TimeSpan.FromMilliseconds(100);
}

/// <summary>The custom formats by name (<see cref="TextFormatOptions.FormatsSectionName"/>).</summary>
public sealed class CustomFormatsOptions : Dictionary<string, CustomFormatOptions>
{
    public CustomFormatsOptions() : base(StringComparer.OrdinalIgnoreCase) { }
}
