using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Ingest.Api;

/// <summary>Configuration section <c>Ingest</c>: keys, limits and back-pressure. Validated at start.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>Accepted API keys (header <c>X-Api-Key</c>, or <c>Authorization: ApiKey|Bearer &lt;key&gt;</c>).</summary>
    public string[] ApiKeys { get; set; } = [];

    /// <summary>Development only: accept requests without a key. Without keys and without this, the service refuses to start.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Largest request body; bigger bodies get 413.</summary>
    [Range(1024, 256L * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most logs in one request; more get 413.</summary>
    [Range(1, 1_000_000)]
    public int MaxEntriesPerRequest { get; set; } = 10_000;

    /// <summary>Longest <c>message</c>, in UTF-8 bytes.</summary>
    [Range(16, 16 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Longest <c>source</c> / <c>application</c>, in UTF-8 bytes.</summary>
    [Range(8, 64 * 1024)]
    public int MaxNameBytes { get; set; } = 256;

    /// <summary>Longest <c>trace_id</c> / <c>span_id</c>, in UTF-8 bytes.</summary>
    [Range(8, 1024)]
    public int MaxIdBytes { get; set; } = 128;

    /// <summary>Largest <c>properties</c> object (with unknown top-level fields folded in), in bytes of JSON.</summary>
    [Range(64, 16 * 1024 * 1024)]
    public int MaxPropertiesBytes { get; set; } = 64 * 1024;

    /// <summary>Deepest nesting inside <c>properties</c> (the object itself is depth 1).</summary>
    [Range(1, 64)]
    public int MaxPropertiesDepth { get; set; } = 16;

    /// <summary>How far past the time of receipt a <c>timestamp</c> may be (clock skew); later ones are refused as wrong clocks or units.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Logs per stream entry (one XADD each). The contract caps it at 1000.</summary>
    [Range(1, 1000)]
    public int ChunkSize { get; set; } = 1000;

    /// <summary>Stream entries not yet stored (group lag + pending, or XLEN before a worker exists) above which ingest answers 429.</summary>
    [Range(1, long.MaxValue)]
    public long HighWaterMark { get; set; } = 5_000;

    /// <summary>How often the background sampler reads the backlog.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan BacklogSampleInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Retry-After (seconds) on 429 and 503.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 2;

    /// <summary>Cap of the <c>logs:deadletter</c> list (LTRIM after each push).</summary>
    [Range(1, 100_000_000)]
    public int DeadLetterCap { get; set; } = 100_000;

    /// <summary>Most rejected entries of one request written to the dead-letter list (the rest are only counted).</summary>
    [Range(1, 100_000)]
    public int MaxDeadLettersPerRequest { get; set; } = 100;

    /// <summary>Longest dead-lettered entry (or unparseable body), in bytes; longer ones are truncated.</summary>
    [Range(256, 16 * 1024 * 1024)]
    public int MaxDeadLetterEntryBytes { get; set; } = 16 * 1024;

    /// <summary>Most errors listed in one 400 answer (the total is always given).</summary>
    [Range(1, 100_000)]
    public int MaxReportedErrors { get; set; } = 100;

    /// <summary>How long an <c>Idempotency-Key</c> is remembered: a retry within it is answered 202 without enqueueing again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan IdempotencyKeyLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary><c>source</c> of a log that names none (header <c>X-Log-Source</c> overrides it per request).</summary>
    [Required, MaxLength(256)]
    public string DefaultSource { get; set; } = "unknown";

    /// <summary><c>application</c> of a log that names none (header <c>X-Log-Application</c> overrides it per request).</summary>
    [Required, MaxLength(256)]
    public string DefaultApplication { get; set; } = "unknown";
}

/// <summary>Secure by default: no key and no explicit <c>AllowAnonymous</c> means the service does not start.</summary>
public sealed class IngestOptionsValidator : IValidateOptions<IngestOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        var keys = options.ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k)).ToArray();
        if (keys.Length == 0 && !options.AllowAnonymous)
        {
            return ValidateOptionsResult.Fail(
                "Ingest has no API key: set Ingest:ApiKeys (e.g. Ingest__ApiKeys__0=<key>), or Ingest:AllowAnonymous=true for local development only.");
        }
        if (keys.Length != options.ApiKeys.Length)
        {
            return ValidateOptionsResult.Fail("Ingest:ApiKeys holds an empty key.");
        }
        return ValidateOptionsResult.Success;
    }
}
