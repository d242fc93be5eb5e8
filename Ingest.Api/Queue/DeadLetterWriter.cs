using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Ingest.Api.Parsing;
using LogPlatform.Contracts;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ingest.Api.Queue;

/// <summary>
/// Puts what a 400 refused on <see cref="RedisNames.DeadLetterList"/> (<c>{"reason","source","entry","at","index"}</c>),
/// capped per request and in total (LTRIM), and counts it in <see cref="RedisNames.Counters.Rejected"/>.
/// </summary>
public sealed class DeadLetterWriter(IConnectionMultiplexer redis, IOptions<IngestOptions> options, ILogger<DeadLetterWriter> logger)
{
    private readonly IngestOptions _options = options.Value;

    /// <summary>Builds the list entries from the body while it is still in memory.</summary>
    public RedisValue[] Build(ReadOnlySpan<byte> body, ParseOutcome outcome, DateTimeOffset at)
    {
        if (outcome.BodyMalformed)
        {
            var reason = string.Join("; ", outcome.Errors.Select(e => e.Error));
            return [Serialize(body, null, reason, at)];
        }
        var count = Math.Min(outcome.Rejected.Count, _options.MaxDeadLettersPerRequest);
        var values = new RedisValue[count];
        for (var i = 0; i < count; i++)
        {
            var rejected = outcome.Rejected[i];
            values[i] = Serialize(body.Slice(rejected.Start, rejected.Length), rejected.Index, rejected.Reason, at);
        }
        return values;
    }

    /// <summary>LPUSH + LTRIM + INCRBY, pipelined. Failures are logged, not thrown: the client gets its 400 anyway.</summary>
    public async Task PushAsync(RedisValue[] entries, long rejectedLogs)
    {
        if (!redis.IsConnected)
        {
            logger.LogWarning("Redis is unreachable: {Count} rejected entries not dead-lettered", entries.Length);
            return;
        }
        try
        {
            var database = redis.GetDatabase();
            var pushed = entries.Length > 0
                ? database.ListLeftPushAsync(RedisNames.DeadLetterList, entries)
                : Task.FromResult(0L);
            var trimmed = database.ListTrimAsync(RedisNames.DeadLetterList, 0, _options.DeadLetterCap - 1);
            var counted = database.StringIncrementAsync(RedisNames.Counters.Rejected, rejectedLogs);
            await Task.WhenAll(pushed, trimmed, counted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not dead-letter {Count} rejected entries", entries.Length);
        }
    }

    private byte[] Serialize(ReadOnlySpan<byte> entry, int? index, string reason, DateTimeOffset at)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Min(entry.Length, _options.MaxDeadLetterEntryBytes) + reason.Length + 128);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("reason", reason);
            json.WriteString("source", "ingest");
            if (index is { } i) json.WriteNumber("index", i);
            json.WritePropertyName("entry");
            var truncated = entry.Length > _options.MaxDeadLetterEntryBytes;
            if (index is not null && !truncated && Utf8.IsValid(entry))
            {
                // A rejected entry of a well-formed body is valid JSON: keep it as it came.
                json.WriteRawValue(entry, skipInputValidation: true);
            }
            else
            {
                // An unparseable body, or too big: keep its text (invalid UTF-8 becomes U+FFFD).
                json.WriteStringValue(Encoding.UTF8.GetString(truncated ? entry[.._options.MaxDeadLetterEntryBytes] : entry));
            }
            if (truncated)
            {
                json.WriteBoolean("truncated", true);
                json.WriteNumber("entry_bytes", entry.Length);
            }
            json.WriteString("at", at);
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
