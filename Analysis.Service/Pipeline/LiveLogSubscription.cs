using System.Text.Json;
using System.Threading.Channels;
using LogPlatform.Contracts;
using StackExchange.Redis;

namespace Analysis.Service.Pipeline;

/// <summary>
/// The commit-ordered batches of <c>logs:live</c>, held in a bounded queue for the pipeline. The subscriber never waits:
/// when the queue is full a batch is dropped (and counted), and the pipeline reads it back from PostgreSQL when it meets
/// the gap in ids, so a slow analysis never slows the workers that publish.
/// </summary>
public sealed class LiveLogSubscription : IAsyncDisposable
{
    private readonly ISubscriber _subscriber;
    private readonly ChannelMessageQueue _queue;
    private readonly Channel<byte[]> _batches;
    private readonly AnalysisTelemetry _telemetry;

    private LiveLogSubscription(ISubscriber subscriber, ChannelMessageQueue queue, int capacity, AnalysisTelemetry telemetry)
    {
        _subscriber = subscriber;
        _queue = queue;
        _telemetry = telemetry;
        _batches = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: the drop is ours to count
        });
        _queue.OnMessage(message =>
        {
            if (!_batches.Writer.TryWrite((byte[])message.Message!)) _telemetry.LiveBatchDropped();
        });
    }

    public static async Task<LiveLogSubscription> SubscribeAsync(IConnectionMultiplexer redis, int capacity, AnalysisTelemetry telemetry)
    {
        var subscriber = redis.GetSubscriber();
        var queue = await subscriber.SubscribeAsync(RedisChannel.Literal(RedisNames.LiveLogsChannel));
        return new LiveLogSubscription(subscriber, queue, capacity, telemetry);
    }

    /// <summary>The next batch, or null when none arrived within <paramref name="wait"/>; a malformed message is an empty batch.</summary>
    public async Task<LogEvent[]?> ReadAsync(TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!_batches.Reader.TryRead(out var payload))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1));
            try
            {
                if (!await _batches.Reader.WaitToReadAsync(timeout.Token) || !_batches.Reader.TryRead(out payload)) return null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
        try
        {
            return JsonSerializer.Deserialize(payload, ContractsJsonContext.Default.LogEventArray) ?? [];
        }
        catch (JsonException)
        {
            _telemetry.MalformedLiveBatch();
            return [];
        }
    }

    public async ValueTask DisposeAsync()
    {
        _batches.Writer.TryComplete();
        try
        {
            await _queue.UnsubscribeAsync();
        }
        catch (RedisException)
        {
            // Redis is gone: so is the subscription.
        }
    }
}
