using System.Threading.Channels;
using LogPlatform.Contracts;

namespace Realtime.Gateway.Streaming;

/// <summary>
/// One connected client: what it wants (stream, filter), and a bounded send queue of its own. When the client cannot keep
/// up, the oldest queued messages are dropped for this client only and counted, so it can be told how many it missed.
/// </summary>
public sealed class StreamClient
{
    private static long _nextId;

    private readonly Channel<OutgoingFrame> _queue;
    private readonly TimeProvider _time;
    private readonly object _seamLock = new();
    private List<LogEvent>? _seamBuffer;
    private long _unreportedDrops;
    private long _dropStreakStartedAt; // timestamp of the first drop since the queue was last empty, 0 = none
    private long _sent;
    private long _dropped;

    public StreamClient(StreamProtocol protocol, StreamKind kind, LogFilter filter, int capacity, TimeProvider time, StreamFormat? format = null)
    {
        Id = Interlocked.Increment(ref _nextId);
        Protocol = protocol;
        Kind = kind;
        Format = format ?? NativeFormat.Instance;
        Filter = filter;
        _time = time;
        ConnectedAt = _time.GetUtcNow();
        _queue = Channel.CreateBounded<OutgoingFrame>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            OnDropped);
    }

    public long Id { get; }
    public StreamProtocol Protocol { get; }
    public StreamKind Kind { get; }

    /// <summary>The shape of its messages; a frame is shared by the clients with the same filter, format and protocol.</summary>
    public StreamFormat Format { get; }
    public DateTimeOffset ConnectedAt { get; }

    /// <summary>The number of the last live batch that arrived before this client joined; set by the registry.</summary>
    public long JoinedAfterArrival { get; set; }

    /// <summary>Changeable while connected; swapped atomically, read by the fan-out.</summary>
    public LogFilter Filter { get; set; }

    public bool WantsLogs => (Kind is StreamKind.Logs or StreamKind.Combined) && Format.CarriesLogs;
    public bool WantsStats => (Kind is StreamKind.Stats or StreamKind.Combined) && Format.CarriesStats;
    public bool WantsAlerts => Kind is StreamKind.Combined && Format.CarriesAlerts;
    public bool WantsAnomalies => Kind is StreamKind.Combined && Format.CarriesAnomalies;

    /// <summary>Messages sent and logs dropped, for the status endpoint.</summary>
    public long Sent => Interlocked.Read(ref _sent);
    public long Dropped => Interlocked.Read(ref _dropped);

    public ChannelReader<OutgoingFrame> Outgoing => _queue.Reader;

    /// <summary>Closes the connection because the client is too slow; set by the connection that runs the client.</summary>
    public Func<Task>? DisconnectTooSlow { get; set; }

    public void Enqueue(OutgoingFrame? frame)
    {
        if (frame is not null) _queue.Writer.TryWrite(frame);
    }

    public void Complete() => _queue.Writer.TryComplete();

    public void MarkSent() => Interlocked.Increment(ref _sent);

    /// <summary>Logs dropped since the last call, to tell the client in a <c>dropped</c> message.</summary>
    public long TakeUnreportedDrops()
    {
        if (_queue.Reader.Count == 0) Interlocked.Exchange(ref _dropStreakStartedAt, 0);
        return Interlocked.Exchange(ref _unreportedDrops, 0);
    }

    /// <summary>True when the client has been losing messages for longer than <paramref name="limit"/>.</summary>
    public bool IsTooSlow(TimeSpan limit)
    {
        var started = Interlocked.Read(ref _dropStreakStartedAt);
        return started != 0 && _time.GetElapsedTime(started) > limit;
    }

    private void OnDropped(OutgoingFrame frame)
    {
        var count = Math.Max(frame.LogCount, 1);
        Interlocked.Add(ref _unreportedDrops, count);
        Interlocked.Add(ref _dropped, count);
        Interlocked.CompareExchange(ref _dropStreakStartedAt, _time.GetTimestamp(), 0);
    }

    // History then live with no gap and no duplicate: while the history is read, live logs for this client are held here
    // instead of queued; afterwards those not already in the history are sent.

    public void BeginCatchUp()
    {
        lock (_seamLock) _seamBuffer = [];
    }

    /// <summary>Holds the logs if the client is catching up; false when it is live and they should be queued.</summary>
    public bool TryHoldForCatchUp(IReadOnlyList<LogEvent> logs)
    {
        if (Volatile.Read(ref _seamBuffer) is null) return false;
        lock (_seamLock)
        {
            if (_seamBuffer is null) return false;
            _seamBuffer.AddRange(logs);
            return true;
        }
    }

    /// <summary>
    /// Ends the catch-up and returns the live logs that arrived meanwhile and are above <paramref name="coveredUpTo"/> (the
    /// highest id of the history, or the client's <c>after_id</c> when higher). Ids follow commit order and the workers
    /// publish in that order, so a live log at or below it is one the client has (in this history, or on the connection
    /// it resumes from: committed and read there, published only now) and must not be sent again.
    /// </summary>
    public List<LogEvent> EndCatchUp(long coveredUpTo)
    {
        lock (_seamLock)
        {
            Volatile.Write(ref _coveredUpTo, coveredUpTo);
            var held = _seamBuffer ?? [];
            _seamBuffer = null;
            return held.FindAll(log => log.Id > coveredUpTo);
        }
    }

    private long _coveredUpTo;

    /// <summary>The logs above what the catch-up covered, or null when all of them are (every batch once the seam is past).</summary>
    /// <param name="lowestId">The lowest id of the batch the logs come from: a batch wholly above needs no look at each log.</param>
    public List<LogEvent>? AboveCatchUp(IReadOnlyList<LogEvent> logs, long lowestId)
    {
        var covered = Volatile.Read(ref _coveredUpTo);
        return lowestId > covered ? null : logs.Where(log => log.Id > covered).ToList();
    }
}
