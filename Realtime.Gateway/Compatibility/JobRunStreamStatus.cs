using System.Text.Json.Serialization;
using Realtime.Gateway.Streaming;

namespace Realtime.Gateway.Compatibility;

/// <summary>
/// The stream status job-run log viewers read: open log streams per scope (all logs, or one job run) and per protocol,
/// <c>{"status":"active","connections":{"global":{"websocket":3,"sse":2},"jobs":{"abc-123":{"websocket":1,"sse":0}}}}</c>.
/// LogPlatform's own, richer status (streams, messages sent and dropped) is <see cref="StreamStatus"/>.
/// </summary>
public sealed record JobRunStreamStatus(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("connections")] JobRunConnections Connections)
{
    public const string Active = "active";

    /// <summary>Counts the clients that receive logs: a client filtered on a job run counts under that job, the others as global.</summary>
    public static JobRunStreamStatus From(IEnumerable<StreamClient> clients)
    {
        var global = new ProtocolCounts();
        var jobs = new SortedDictionary<string, ProtocolCounts>(StringComparer.Ordinal);
        foreach (var client in clients)
        {
            if (!client.WantsLogs) continue;
            var jobRun = client.Filter.Properties.FirstOrDefault(p => p.Key == JobRunLogJson.JobRunId).Value;
            var counts = jobRun is null ? global : jobs.TryGetValue(jobRun, out var c) ? c : jobs[jobRun] = new ProtocolCounts();
            counts.Add(client.Protocol);
        }
        return new JobRunStreamStatus(Active, new JobRunConnections(global, jobs));
    }
}

public sealed record JobRunConnections(
    [property: JsonPropertyName("global")] ProtocolCounts Global,
    [property: JsonPropertyName("jobs")] IReadOnlyDictionary<string, ProtocolCounts> Jobs);

/// <summary>Open connections of one scope by protocol.</summary>
public sealed class ProtocolCounts
{
    [JsonPropertyName("websocket")] public int WebSocket { get; private set; }
    [JsonPropertyName("sse")] public int Sse { get; private set; }

    public void Add(StreamProtocol protocol)
    {
        if (protocol == StreamProtocol.WebSocket) WebSocket++;
        else Sse++;
    }
}

[JsonSerializable(typeof(JobRunStreamStatus))]
internal sealed partial class JobRunJsonContext : JsonSerializerContext;
