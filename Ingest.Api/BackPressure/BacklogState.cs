namespace Ingest.Api.BackPressure;

/// <summary>The last backlog sample. Requests read it; only <see cref="BacklogSampler"/> writes it.</summary>
public sealed class BacklogState
{
    private long _backlog;
    private volatile bool _queueAvailable = true;
    private long _sampledAtTicks;

    /// <summary>Stream entries not yet stored (the stream's length: stored entries are deleted from it).</summary>
    public long Backlog => Volatile.Read(ref _backlog);

    /// <summary>Whether the last sample reached Redis.</summary>
    public bool QueueAvailable => _queueAvailable;

    public DateTimeOffset SampledAt => new(Volatile.Read(ref _sampledAtTicks), TimeSpan.Zero);

    public void Record(long backlog, DateTimeOffset at)
    {
        Volatile.Write(ref _backlog, backlog);
        Volatile.Write(ref _sampledAtTicks, at.UtcTicks);
        _queueAvailable = true;
    }

    public void RecordUnavailable(DateTimeOffset at)
    {
        Volatile.Write(ref _sampledAtTicks, at.UtcTicks);
        _queueAvailable = false;
    }
}
