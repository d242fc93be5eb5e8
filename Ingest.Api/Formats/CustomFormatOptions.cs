using System.ComponentModel.DataAnnotations;

namespace Ingest.Api.Formats;

/// <summary>
/// One named custom format, <c>Ingest:Formats:&lt;name&gt;</c>: a regular expression over the first line of an event,
/// with named groups <c>timestamp</c>, <c>level</c>, <c>source</c>, <c>application</c>, <c>message</c>; every other named
/// group becomes a property.
/// </summary>
public sealed class CustomFormatOptions
{
    /// <summary>The regular expression (.NET syntax), e.g. <c>^\[(?&lt;timestamp&gt;[^\]]+)\] \[(?&lt;level&gt;\w+)\] (?&lt;message&gt;.*)$</c>.</summary>
    [Required]
    public string Pattern { get; set; } = "";

    /// <summary>
    /// How to read the <c>timestamp</c> group: a .NET custom format (<c>ddd MMM dd HH:mm:ss yyyy</c>; no offset in it = UTC),
    /// <c>unix</c> (seconds, or ms/µs/ns by magnitude), or empty for ISO 8601 and the other forms the JSON path takes.
    /// </summary>
    public string? TimestampFormat { get; set; }

    /// <summary>The source when the pattern has no <c>source</c> group (else the request's default).</summary>
    public string? Source { get; set; }

    /// <summary>The application when the pattern has no <c>application</c> group (else the request's default).</summary>
    public string? Application { get; set; }

    /// <summary>A regular expression a line must match to start a new event (else it continues the previous one).</summary>
    public string? StartPattern { get; set; }

    /// <summary>How long one match may take; longer is a parse failure (default <see cref="TextFormatOptions.MatchTimeout"/>).</summary>
    public TimeSpan? MatchTimeout { get; set; }
}
