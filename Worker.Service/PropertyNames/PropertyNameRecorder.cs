using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using LogPlatform.Contracts;
using LogPlatform.Storage.Writing;
using StackExchange.Redis;

namespace Worker.Service.PropertyNames;

/// <summary>
/// Learns the top-level property names of the logs this worker stores and adds the new ones to the Redis set
/// <see cref="RedisNames.PropertyNames"/>, so the gateway can tell a filter on a property no log has ever had (a typo, or a
/// parameter it does not support) from one that matches nothing yet. A Redis set rather than a PostgreSQL table: a name is
/// written once per worker process (known names are a hash lookup here), off the commit path, and the gateway's check is one
/// SISMEMBER; a table would be a write in every batch's transaction or a scan of jsonb keys at query time.
/// </summary>
public sealed class PropertyNameRecorder(IConnectionMultiplexer redis, ILogger<PropertyNameRecorder> logger) : BackgroundService
{
    /// <summary>Names longer than this cannot be filter parameters, so are not worth remembering.</summary>
    public const int MaxNameBytes = 64;

    // Adds the names unless the set is full: the set stays bounded whatever the logs carry.
    private const string AddBoundedScript =
        "if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[1]) then return -1 end " +
        "return redis.call('SADD', KEYS[1], unpack(ARGV, 2))";

    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly Lock _knownLock = new();
    private bool _full;
    private readonly Channel<string> _new = Channel.CreateBounded<string>(
        new BoundedChannelOptions(RedisNames.MaxPropertyNames) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Looks at the properties of every log of the stored entries; new names are queued for Redis.</summary>
    public void Observe(IReadOnlyList<StreamEntryLogs> entries)
    {
        if (Volatile.Read(ref _full)) return;
        foreach (var entry in entries)
        {
            var logs = new StreamLogReader(entry.Payload.Span);
            while (logs.TryRead(out var log))
            {
                if (log.Properties is { } range) ObserveObject(logs.Slice(range));
            }
        }
    }

    private void ObserveObject(ReadOnlySpan<byte> properties)
    {
        var reader = new Utf8JsonReader(properties);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return;
        Span<char> name = stackalloc char[MaxNameBytes];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueIsEscaped && reader.ValueSpan.Length <= MaxNameBytes
                && Encoding.UTF8.TryGetChars(reader.ValueSpan, name, out var length))
            {
                Learn(name[..length]);
            }
            reader.Read();
            reader.Skip();
        }
    }

    private void Learn(ReadOnlySpan<char> name)
    {
        lock (_knownLock)
        {
            if (_known.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name)) return;
            if (_known.Count >= RedisNames.MaxPropertyNames)
            {
                Volatile.Write(ref _full, true);
                return;
            }
            var text = name.ToString();
            _known.Add(text);
            _new.Writer.TryWrite(text);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<string>();
        while (true)
        {
            // A batch that failed is retried without waiting for new names.
            if (batch.Count == 0 && !await _new.Reader.WaitToReadAsync(stoppingToken)) return;
            while (batch.Count < 100 && _new.Reader.TryRead(out var name)) batch.Add(name);
            try
            {
                var added = (long)await redis.GetDatabase().ScriptEvaluateAsync(AddBoundedScript, [RedisNames.PropertyNames],
                    [RedisNames.MaxPropertyNames, .. batch.Select(n => (RedisValue)n)]);
                if (added < 0) logger.LogWarning("The set of property names is full ({Max}); new names are not recorded.", RedisNames.MaxPropertyNames);
                batch.Clear();
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning("Recording {Count} property names failed, retrying: {Error}", batch.Count, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }
}
