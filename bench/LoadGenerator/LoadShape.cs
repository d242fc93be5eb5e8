using System.Net;

namespace LoadGenerator;

/// <summary>
/// How the load reaches ingest: plain JSON to <c>POST /logs</c>, CLEF to Seq's <c>/api/events/raw</c> (what
/// Serilog.Sinks.Seq posts), or OTLP protobuf to <c>/v1/logs</c> (what an OpenTelemetry exporter posts). Each tags its
/// logs with the run id and a sequence number where the mapping puts them, which is where the run's rows are found.
/// </summary>
public sealed record LoadShape(string Name, string Path, string ContentType, HttpStatusCode Success, string RunIdColumn, string SeqColumn,
    Func<LogCorpus, string, IBatchBodyWriter> Writer)
{
    public static readonly LoadShape Json = new("json", "/logs", "application/json", HttpStatusCode.Accepted,
        "properties ->> 'job_run_id'", "properties ->> 'seq'", (corpus, run) => new LogBodyWriter(corpus, run));

    public static readonly LoadShape Clef = new("clef", "/api/events/raw", "application/vnd.serilog.clef", HttpStatusCode.Created,
        "properties ->> 'job_run_id'", "properties ->> 'seq'", (corpus, run) => new ClefBodyWriter(corpus, run));

    // OTLP attributes are kept under properties.attributes (not indexed: the run's rows are found by a scan).
    public static readonly LoadShape Otlp = new("otlp", "/v1/logs", "application/x-protobuf", HttpStatusCode.OK,
        "properties -> 'attributes' ->> 'job_run_id'", "properties -> 'attributes' ->> 'seq'", (corpus, run) => new OtlpBodyWriter(corpus, run));

    public static IReadOnlyList<LoadShape> All { get; } = [Json, Clef, Otlp];

    public static LoadShape Parse(string name) => All.SingleOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"Unknown shape '{name}': use {string.Join(", ", All.Select(s => s.Name))}.");
}
