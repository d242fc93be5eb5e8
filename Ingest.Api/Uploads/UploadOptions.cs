using System.ComponentModel.DataAnnotations;

namespace Ingest.Api.Uploads;

/// <summary>Configuration section <c>Ingest:Uploads</c>: log file uploads (<c>POST /api/v1/uploads</c>). Validated at start.</summary>
public sealed class UploadOptions
{
    public const string SectionName = IngestOptions.SectionName + ":Uploads";

    /// <summary>Largest file, as uploaded (compressed or not), and largest once decompressed; more is 413 (or a failed job).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>
    /// The file is read in blocks of this size, cut at an event boundary; each block is one batch (one enqueue, one
    /// idempotency key). Bounds the memory of a job: about this, twice, plus the block's stream entries.
    /// </summary>
    [Range(64 * 1024, 64 * 1024 * 1024)]
    public int BlockBytes { get; set; } = 1024 * 1024;

    /// <summary>Jobs ingesting at once; later ones wait (state <c>queued</c>).</summary>
    [Range(1, 64)]
    public int MaxConcurrentJobs { get; set; } = 2;

    /// <summary>Jobs remembered (queued, running or finished); with this many unfinished, a new upload is 429.</summary>
    [Range(1, 100_000)]
    public int MaxJobs { get; set; } = 100;

    /// <summary>How long a finished job's progress stays readable (in memory: a restart forgets it).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan JobLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Where uploaded files wait until their job has read them (deleted after); empty = the system's temp directory.</summary>
    public string? SpoolDirectory { get; set; }
}
