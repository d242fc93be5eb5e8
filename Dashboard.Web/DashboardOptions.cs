using System.ComponentModel.DataAnnotations;

namespace Dashboard.Web;

/// <summary>The dashboard's settings (section <c>Dashboard</c>), validated at start.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>Stream token the dashboard presents to the gateway. Kept server-side: browsers never see it.</summary>
    [Required(AllowEmptyStrings = false)]
    public string GatewayToken { get; set; } = "";

    /// <summary>Service-discovery name of the gateway (<c>services__gateway__http__0</c> under Aspire conventions).</summary>
    [Required(AllowEmptyStrings = false)]
    public string GatewayService { get; set; } = "https+http://gateway";

    /// <summary>Service-discovery name of Ingest (<c>services__ingest__http__0</c>), where the upload page sends files.</summary>
    [Required(AllowEmptyStrings = false)]
    public string IngestService { get; set; } = "https+http://ingest";

    /// <summary>
    /// The operators' key (<c>X-Admin-Key</c>) the Alerts page makes changes with (rules, silences, channels). Kept server-side.
    /// Empty: the page only reads.
    /// </summary>
    public string AdminKey { get; set; } = "";

    /// <summary>Ingest key the upload page sends files with. Kept server-side: browsers never see it. Empty: uploads are off.</summary>
    public string IngestApiKey { get; set; } = "";

    /// <summary>Largest file the upload page takes (Ingest's own limit, <c>Ingest:Uploads:MaxBytes</c>, still applies).</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 1L << 30;

    /// <summary>How many logs the live tail keeps; older ones fall off.</summary>
    [Range(10, 10_000)]
    public int TailCapacity { get; set; } = 500;

    /// <summary>How many recent stored logs the gateway replays when the live tail first connects.</summary>
    [Range(0, 1_000)]
    public int TailHistory { get; set; } = 100;

    /// <summary>How much throughput history the chart shows.</summary>
    [Range(30, 3_600)]
    public int ChartWindowSeconds { get; set; } = 300;

    /// <summary>Ceiling of the reconnect back-off. Reconnecting never stops; it only slows down to this.</summary>
    [Range(1, 300)]
    public int MaxReconnectDelaySeconds { get; set; } = 30;

    /// <summary>Largest WebSocket message the dashboard accepts from the gateway.</summary>
    [Range(64 * 1024, 64 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Alerts kept on the Alerts page per browser session.</summary>
    [Range(10, 10_000)]
    public int AlertCapacity { get; set; } = 200;

    /// <summary>Anomalies kept per browser session (live ones and recent history), for the Anomalies page and chart markers.</summary>
    [Range(10, 10_000)]
    public int AnomalyCapacity { get; set; } = 200;

    /// <summary>
    /// The Aspire dashboard's address (the AppHost passes it when run locally): a log with a trace id links to
    /// <c>{AspireDashboardUrl}/traces/detail/{traceId}</c>. Empty: no trace links.
    /// </summary>
    [Url]
    public string? AspireDashboardUrl { get; set; }

    /// <summary>A copy for one page's own stream (the scope page), with its own tail size and replay.</summary>
    public DashboardOptions WithTail(int capacity, int history)
    {
        var copy = (DashboardOptions)MemberwiseClone();
        copy.TailCapacity = capacity;
        copy.TailHistory = history;
        return copy;
    }
}
