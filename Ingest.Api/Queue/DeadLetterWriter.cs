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
/// Puts what a 400 refused on <see cref="RedisNames.DeadLetterList"/> (<c>{"reason","source","entry","at","index"}</c>, or
/// <c>entry_base64</c> instead of <c>entry</c> for a binary body),
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
            return [Serialize(body, null, reason, at, outcome.BinaryBody)];
        }
        var count = Math.Min(outcome.Rejected.Count, _options.MaxDeadLettersPerRequest);
        var values = new RedisValue[count];
        for (var i = 0; i < count; i++)
        {
            var rejected = outcome.Rejected[i];
            values[i] = Serialize(body.Slice(rejected.Start, rejected.Length), rejected.Index, rejected.Reason, at, outcome.BinaryBody);
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

    /// <summary>
    /// One JSON value that any reader of the list can parse (default depth 64): a rejected CLEF line may be broken JSON, or
    /// nest deeper, and is then kept as text rather than corrupting the list entry. Only rejected entries pay for this.
    /// </summary>
    private static bool IsStorableJson(ReadOnlySpan<byte> entry)
    {
        if (!Utf8.IsValid(entry)) return false;
        try
        {
            var reader = new Utf8JsonReader(entry);
            if (!reader.Read()) return false;
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private byte[] Serialize(ReadOnlySpan<byte> entry, int? index, string reason, DateTimeOffset at, bool binary)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Min(entry.Length, _options.MaxDeadLetterEntryBytes) + reason.Length + 128);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("reason", reason);
            json.WriteString("source", "ingest");
            if (index is { } i) json.WriteNumber("index", i);
            var truncated = entry.Length > _options.MaxDeadLetterEntryBytes;
            if (binary)
            {
                // Protobuf (an OTLP record, a compressed Loki push): its bytes as they came, up to the limit.
                json.WriteBase64String("entry_base64", truncated ? entry[.._options.MaxDeadLetterEntryBytes] : entry);
            }
            else if (index is not null && !truncated && IsStorableJson(entry))
            {
                // A rejected entry that is valid JSON (within readers' usual depth): keep it as it came.
                json.WritePropertyName("entry");
                json.WriteRawValue(entry, skipInputValidation: true);
            }
            else
            {
                // An unparseable body, or too big: keep its text (invalid UTF-8 becomes U+FFFD).
                json.WritePropertyName("entry");
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
