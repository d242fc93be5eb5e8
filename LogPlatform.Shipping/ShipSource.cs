using System.ComponentModel.DataAnnotations;

namespace LogPlatform.Shipping;

/// <summary>One set of files shipped alike: its globs, their format, and how they are cut into batches.</summary>
public sealed class ShipSource
{
    /// <summary>Names the source in the state file and in the idempotency keys.</summary>
    [Required, RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    public string Name { get; set; } = "ship";

    /// <summary>Files or globs (wildcards <c>*</c>, <c>?</c> in the file name only).</summary>
    [MinLength(1)]
    public string[] Paths { get; set; } = [];

    /// <summary>Ingest's text format for these files (<c>syslog</c>, <c>access</c>, <c>logfmt</c>, <c>json</c>, a custom one, <c>auto</c>).</summary>
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string Format { get; set; } = "auto";

    /// <summary>The default <c>source</c> / <c>application</c> of the logs (a format may read them from the line).</summary>
    public string? LogSource { get; set; }
    public string? Application { get; set; }

    /// <summary>Join continuation lines to the event before (a stack trace stays with its log).</summary>
    public bool Multiline { get; set; } = true;

    /// <summary>A regular expression a line must match to start an event; empty: a line not beginning with whitespace.</summary>
    public string? StartPattern { get; set; }

    [Range(1024, 8 * 1024 * 1024)]
    public int MaxBatchBytes { get; set; } = 512 * 1024;

    [Range(1, 10_000)]
    public int MaxBatchLines { get; set; } = 5_000;

    /// <summary>How long a file must stay unchanged before its last event is sent (it might still get continuation lines).</summary>
    public TimeSpan FlushAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the globs are looked at and the files checked for growth, rotation and truncation.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a file renamed away (out of the globs) is still read, for what its writer adds before reopening.</summary>
    public TimeSpan RotatedFileGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How much of a file's first line identifies it.</summary>
    [Range(16, 64 * 1024)]
    public int FingerprintBytes { get; set; } = 1024;
}
