using System.Diagnostics;
using System.Net.Sockets;
using LogPlatform.Contracts;
using LogPlatform.Storage.Writing;
using Npgsql;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using StackExchange.Redis;
using Worker.Service.Telemetry;

using Worker.Service.PropertyNames;

namespace Worker.Service.Consuming;

/// <summary>
/// Stores a batch of stream entries, then acknowledges, trims, counts and publishes them. Nothing is acknowledged before
/// its rows are committed; batches are published in the order of their ids (the writer's turn covers both). PostgreSQL outages are waited out (retry with jitter behind a circuit breaker); an entry that
/// cannot be stored is isolated by splitting the batch, and left pending to be retried until it becomes a dead letter.
/// </summary>
public sealed class BatchProcessor
{
    private readonly IConnectionMultiplexer _redis;
    private readonly LogBatchWriter _writer;
    private readonly DeadLetters _deadLetters;
    private readonly WorkerTelemetry _telemetry;
    private readonly ILogger<BatchProcessor> _logger;
    private readonly PropertyNameRecorder _propertyNames;
    private readonly ResiliencePipeline _storePipeline;
    private readonly ResiliencePipeline _redisPipeline;

    public BatchProcessor(IConnectionMultiplexer redis, LogBatchWriter writer, DeadLetters deadLetters, WorkerTelemetry telemetry,
        ILogger<BatchProcessor> logger, PropertyNameRecorder propertyNames)
    {
        _propertyNames = propertyNames;
        _redis = redis;
        _writer = writer;
        _deadLetters = deadLetters;
        _telemetry = telemetry;
        _logger = logger;

        var transient = new PredicateBuilder().Handle<Exception>(IsTransient).Handle<BrokenCircuitException>();
        _storePipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = int.MaxValue, // the stream holds the backlog; wait PostgreSQL out
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(5),
                OnRetry = args =>
                {
                    if (args.AttemptNumber % 5 == 0) _logger.LogWarning("PostgreSQL unavailable, retry {Attempt}: {Error}", args.AttemptNumber, args.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = TimeSpan.FromSeconds(3),
            })
            .Build();
        _redisPipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RedisException>().Handle<TimeoutException>(),
                MaxRetryAttempts = 20,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(100),
                MaxDelay = TimeSpan.FromSeconds(3),
            })
            .Build();
    }

    public async Task ProcessAsync(IReadOnlyList<StreamEntry> entries, CancellationToken cancellationToken)
    {
        var decoded = new List<StreamEntryLogs>(entries.Count);
        foreach (var entry in entries)
        {
            if (StreamEntryDecoder.TryDecode(entry, out var logs, out var error)) decoded.Add(logs);
            else await _deadLetters.MoveAsync(entry, $"undecodable entry: {error}", cancellationToken);
        }
        if (decoded.Count > 0) await StoreAsync(decoded, cancellationToken);
    }

    private async Task StoreAsync(List<StreamEntryLogs> entries, CancellationToken cancellationToken)
    {
        using var activity = WorkerTelemetry.StartBatch(entries);
        var watch = Stopwatch.StartNew();
        StoredBatch stored;
        try
        {
            // Acknowledged and published in the writer's turn, so batches reach the live channel in id order.
            stored = await _storePipeline.ExecuteAsync(
                async ct => await _writer.WriteAsync(entries, (batch, token) => AcknowledgeAndPublishAsync(entries, batch, token), ct),
                cancellationToken);
        }
        catch (Exception ex) when (!IsTransient(ex) && ex is not (OperationCanceledException or RedisException))
        {
            if (entries.Count > 1)
            {
                // Isolate the bad entry: the others must not wait for it.
                var half = entries.Count / 2;
                await StoreAsync(entries[..half], cancellationToken);
                await StoreAsync(entries[half..], cancellationToken);
                return;
            }
            // Left pending: claimed again after the idle time, and dead-lettered once delivered too often.
            _logger.LogWarning("Entry {Id} could not be stored and stays pending: {Error}", entries[0].StreamId, ex.Message);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            await _redis.GetDatabase().StringIncrementAsync(RedisNames.Counters.StoreErrors);
            return;
        }

        _telemetry.BatchStored(stored.Count, watch.Elapsed);
        // After the batch is acknowledged and published: learning its property names delays neither.
        _propertyNames.Observe(stored.Entries);
        activity?.SetTag("logplatform.logs.stored", stored.Count);
        activity?.SetTag("logplatform.entries.repeated", stored.RepeatedEntries);
    }

    private async Task AcknowledgeAndPublishAsync(List<StreamEntryLogs> entries, StoredBatch stored, CancellationToken cancellationToken)
    {
        var ids = entries.Select(e => (RedisValue)e.StreamId).ToArray();
        var message = stored.Count > 0 ? StoredLogsJson.Write(stored.Entries, stored.FirstId) : null;
        // After a crash between commit and here, the entries come back and the ledger skips them: ack again, publish nothing.
        await _redisPipeline.ExecuteAsync(async _ =>
        {
            var batch = _redis.GetDatabase().CreateBatch();
            var tasks = new List<Task>
            {
                batch.StreamAcknowledgeAsync(RedisNames.IngestStream, RedisNames.WritersGroup, ids),
                // Acknowledged entries are done with: trimming them keeps the stream as small as the backlog.
                batch.StreamDeleteAsync(RedisNames.IngestStream, ids),
            };
            if (message is not null)
            {
                tasks.Add(batch.StringIncrementAsync(RedisNames.Counters.Stored, stored.Count));
                tasks.Add(batch.StringIncrementAsync(RedisNames.Counters.Batches));
                tasks.Add(batch.PublishAsync(RedisChannel.Literal(RedisNames.LiveLogsChannel), message));
            }
            batch.Execute();
            await Task.WhenAll(tasks);
        }, cancellationToken);
    }

    /// <summary>Worth waiting for: the server is unreachable, restarting or overloaded, not the data being wrong.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.IsTransient || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) || postgres.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        SocketException or TimeoutException or IOException => true,
        _ => false,
    };
}
