using System.Text.Json;
using LogPlatform.Contracts;
using StackExchange.Redis;

namespace Ingest.Api.Tests.Protocols;

/// <summary>Finds the logs of one test (by application) on the ingest stream.</summary>
public static class StreamLogs
{
    public static async Task<List<LogEvent>> OfApplicationAsync(IDatabase database, string application)
    {
        var logs = new List<LogEvent>();
        foreach (var entry in await database.StreamRangeAsync(RedisNames.IngestStream))
        {
            var payload = (byte[])entry.Values.Single(v => v.Name == StreamEntryFields.Payload).Value!;
            logs.AddRange(JsonSerializer.Deserialize(payload, ContractsJsonContext.Default.LogEventArray)!.Where(l => l.Application == application));
        }
        return logs;
    }

}
