using System.Text.Json;
using Dashboard.Web.Alerts;
using Dashboard.Web.Live;
using LogPlatform.Contracts;

namespace Dashboard.Web.Gateway;

/// <summary>
/// Reads one envelope (<c>{"type","data","timestamp"}</c>) from the gateway and applies it to the
/// session's <see cref="LiveFeed"/>. Unknown types are ignored, so the gateway can add new ones.
/// </summary>
public static class GatewayMessageReader
{
    /// <returns>The envelope type, or null when the message is not an envelope.</returns>
    public static string? Apply(ReadOnlyMemory<byte> utf8, LiveFeed feed, DateTimeOffset now)
    {
        // Parses in place over the receive buffer (no copy); the document is disposed before the buffer is reused.
        using var document = JsonDocument.Parse(utf8);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        var type = typeElement.GetString();
        root.TryGetProperty("data", out var data);
        switch (type)
        {
            case EnvelopeTypes.Logs:
                var logs = data.ValueKind switch
                {
                    JsonValueKind.Array => data.Deserialize(ContractsJsonContext.Default.LogEventArray),
                    JsonValueKind.Object => [data.Deserialize(ContractsJsonContext.Default.LogEvent)!],
                    _ => null,
                };
                if (logs is { Length: > 0 }) feed.OnLogs(logs);
                break;
            case EnvelopeTypes.StatsUpdate when data.ValueKind == JsonValueKind.Object:
                feed.OnStats(data.Deserialize(ContractsJsonContext.Default.LiveStats)!);
                break;
            case EnvelopeTypes.Alert:
            case EnvelopeTypes.SystemAlert:
                feed.OnAlert(AlertEntry.From(data, type == EnvelopeTypes.SystemAlert, now));
                break;
            case EnvelopeTypes.NewAnomaly when data.ValueKind == JsonValueKind.Object:
                if (ReadAnomaly(data) is { } anomaly) feed.OnAnomaly(anomaly);
                break;
            case EnvelopeTypes.Dropped:
                feed.OnDropped(ReadCount(data));
                break;
            case EnvelopeTypes.Error:
                feed.OnError(data.ValueKind == JsonValueKind.Object && data.TryGetProperty("message", out var message)
                    ? message.ToString()
                    : data.ToString());
                break;
        }
        return type;
    }

    /// <summary>
    /// The gateway relays what the analysis service published, unchanged (the contract's shape). One malformed anomaly is
    /// skipped: throwing would drop the connection, and the logs with it.
    /// </summary>
    internal static Anomaly? ReadAnomaly(JsonElement data)
    {
        try
        {
            return data.Deserialize(ContractsJsonContext.Default.Anomaly) is { Id.Length: > 0, Kind: not null } anomaly ? anomaly : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A drop notice is a count, either bare or as <c>{"count": n}</c> (also accepts <c>dropped</c>/<c>missed</c>).</summary>
    internal static long ReadCount(JsonElement data)
    {
        if (data.ValueKind == JsonValueKind.Number && data.TryGetInt64(out var bare)) return bare;
        if (data.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in (ReadOnlySpan<string>)["count", "dropped", "missed"])
            {
                if (data.TryGetProperty(name, out var value) && value.TryGetInt64(out var count)) return count;
            }
        }
        return 1;
    }
}
