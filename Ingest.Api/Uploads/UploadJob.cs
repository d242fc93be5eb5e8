using Ingest.Api.Formats;

namespace Ingest.Api.Uploads;

/// <summary>
/// One uploaded file on its way to the stream: what it is (spooled file, hash, format) and how far it got. Written by
/// its one runner, read by <c>GET /api/v1/uploads/{id}</c> at any time (so the counters are read and written atomically).
/// </summary>
public sealed class UploadJob(string id, string fileName, string spoolPath, long size, string sha256, bool gzip, TextFormatChoice format,
    string source, string application, DateTimeOffset createdAt)
{
    private long _bytesRead;
    private long _linesRead;
    private long _accepted;
    private long _duplicates;
    private long _unparsed;
    private long _rejected;
    private volatile UploadState _state;

    public string Id { get; } = id;
    public string FileName { get; } = fileName;
    public string SpoolPath { get; } = spoolPath;
    public long Size { get; } = size;
    public string Sha256 { get; } = sha256;
    public bool Gzip { get; } = gzip;
    public TextFormatChoice Format { get; } = format;
    public string Source { get; } = source;
    public string Application { get; } = application;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public DateTimeOffset? FinishedAt { get; private set; }
    public string? Error { get; private set; }
    public UploadState State => _state;
    public bool Finished => _state is UploadState.Done or UploadState.Failed;

    public void Start() => _state = UploadState.Running;

    public void Read(long fileBytes, long lines)
    {
        Volatile.Write(ref _bytesRead, fileBytes);
        Interlocked.Add(ref _linesRead, lines);
    }

    /// <summary>A batch enqueued (or found already enqueued by an earlier upload of the same file: <paramref name="duplicate"/>).</summary>
    public void Enqueued(int logs, int unparsed, bool duplicate)
    {
        if (duplicate)
        {
            Interlocked.Add(ref _duplicates, logs);
            return;
        }
        Interlocked.Add(ref _accepted, logs);
        Interlocked.Add(ref _unparsed, unparsed);
    }

    public void Finish(DateTimeOffset at)
    {
        FinishedAt = at;
        _state = UploadState.Done;
    }

    /// <param name="notEnqueued">Logs parsed but not enqueued (the batch in hand when it failed).</param>
    public void Fail(string error, int notEnqueued, DateTimeOffset at)
    {
        Interlocked.Add(ref _rejected, notEnqueued);
        Error = error;
        FinishedAt = at;
        _state = UploadState.Failed;
    }

    public UploadStatus ToStatus() => new(Id, FileName, Format.Name, Size, Sha256, State, Volatile.Read(ref _bytesRead),
        Volatile.Read(ref _linesRead), Volatile.Read(ref _accepted), Volatile.Read(ref _duplicates), Volatile.Read(ref _unparsed),
        Volatile.Read(ref _rejected), Error, CreatedAt, FinishedAt);
}
