using System.Buffers;
using System.Text.Json;
using LogPlatform.Contracts;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Worker.Service.Telemetry;

namespace Worker.Service.Consuming;

/// <summary>Moves an entry that cannot be stored to <c>logs:deadletter</c> with the reason, then acknowledges it: kept, never silently dropped.</summary>
public sealed class DeadLetters(IConnectionMultiplexer redis, IOptions<WorkerOptions> options, WorkerTelemetry telemetry, TimeProvider time, ILogger<DeadLetters> logger)
{
    public async Task MoveAsync(StreamEntry entry, string reason, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("reason", reason);
            json.WriteString("source", "worker");
            json.WriteStartObject("entry");
            json.WriteString("stream_id", entry.Id.ToString());
            foreach (var field in entry.Values) json.WriteString(field.Name.ToString(), field.Value.ToString());
            json.WriteEndObject();
            json.WriteString("at", time.GetUtcNow());
            json.WriteEndObject();
        }
        var count = entry[StreamEntryFields.Count].TryParse(out long n) ? n : 1;

        var batch = redis.GetDatabase().CreateBatch();
        var tasks = new Task[]
        {
            batch.ListLeftPushAsync(RedisNames.DeadLetterList, buffer.WrittenMemory.ToArray()),
            batch.ListTrimAsync(RedisNames.DeadLetterList, 0, options.Value.DeadLetterCap - 1),
            batch.StringIncrementAsync(RedisNames.Counters.DeadLettered, count),
            batch.StreamAcknowledgeAsync(RedisNames.IngestStream, RedisNames.WritersGroup, entry.Id),
            batch.StreamDeleteAsync(RedisNames.IngestStream, [entry.Id]),
        };
        batch.Execute();
        await Task.WhenAll(tasks).WaitAsync(cancellationToken);
        telemetry.EntryDeadLettered();
        logger.LogWarning("Entry {Id} ({Count} logs) moved to {List}: {Reason}", entry.Id, count, RedisNames.DeadLetterList, reason);
    }
}
