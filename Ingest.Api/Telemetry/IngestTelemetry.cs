using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ingest.Api.Formats;
using LogPlatform.Contracts;

namespace Ingest.Api.Telemetry;

/// <summary>The ingest ActivitySource and Meter (<see cref="TelemetryNames.Ingest"/>), subscribed by ServiceDefaults.</summary>
public sealed class IngestTelemetry
{
    public static readonly ActivitySource Source = new(TelemetryNames.Ingest);

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _refused;
    private readonly Histogram<long> _requestBytes;
    private readonly Histogram<int> _requestLogs;
    private readonly Counter<long> _textLogs;
    private readonly Counter<long> _unparsed;
    private readonly Counter<long> _belowMinimumLevel;

    public IngestTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(TelemetryNames.Ingest);
        _accepted = meter.CreateCounter<long>("logplatform.ingest.logs.accepted", "{log}", "Logs enqueued on the stream.");
        _rejected = meter.CreateCounter<long>("logplatform.ingest.logs.rejected", "{log}", "Invalid logs (or unparseable bodies) answered 400 and dead-lettered.");
        _refused = meter.CreateCounter<long>("logplatform.ingest.requests.refused", "{request}", "Requests refused before parsing (401, 413, 429, 503), by status.");
        _requestBytes = meter.CreateHistogram<long>("logplatform.ingest.request.size", "By", "Request body size.");
        _requestLogs = meter.CreateHistogram<int>("logplatform.ingest.request.logs", "{log}", "Logs per accepted request.");
        _textLogs = meter.CreateCounter<long>("logplatform.ingest.text.logs", "{log}", "Text logs enqueued, by the format that parsed them (\"unparsed\" included).");
        _unparsed = meter.CreateCounter<long>("logplatform.ingest.logs.unparsed", "{log}", "Text lines no format matched, enqueued raw with a parse_error.");
        _belowMinimumLevel = meter.CreateCounter<long>("logplatform.ingest.logs.below_minimum_level", "{log}",
            "Valid logs dropped, not stored, because they are below their API key's minimum level, by door.");
    }

    public void Accepted(int logs, long bodyBytes)
    {
        _accepted.Add(logs);
        _requestBytes.Record(bodyBytes);
        _requestLogs.Record(logs);
    }

    public void Rejected(int logs, long bodyBytes)
    {
        _rejected.Add(logs);
        _requestBytes.Record(bodyBytes);
    }

    /// <summary>The formats of an accepted text request.</summary>
    public void TextAccepted(FormatCounts counts)
    {
        foreach (var (format, logs) in counts.Entries) _textLogs.Add(logs, new KeyValuePair<string, object?>("logplatform.log.format", format));
        if (counts.Unparsed > 0) _unparsed.Add(counts.Unparsed);
    }

    public void BelowMinimumLevel(int logs, string protocol)
        => _belowMinimumLevel.Add(logs, new KeyValuePair<string, object?>("logplatform.ingest.protocol", protocol));

    public void Refused(int statusCode) => _refused.Add(1, new KeyValuePair<string, object?>("http.response.status_code", statusCode));
}
