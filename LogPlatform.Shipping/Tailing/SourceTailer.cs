using LogPlatform.Shipping.Batches;
using LogPlatform.Shipping.Checkpoints;
using LogPlatform.Shipping.Files;
using LogPlatform.Shipping.Sending;
using Microsoft.Win32.SafeHandles;

namespace LogPlatform.Shipping.Tailing;

/// <summary>
/// Follows the files of one <see cref="ShipSource"/> like <c>tail -F</c> and ships them batch by batch, each batch
/// whole events, one batch of a file at a time (so a file's lines are stored in order). A file is known by its
/// fingerprint: renamed, it is still read to its end; replaced (new first line), the new file is read from its start;
/// truncated in place (<c>copytruncate</c>) it is read again from 0, and when the copy is itself in the globs the
/// old content is finished from there. An offset advances in the state file only after its batch was accepted.
/// Memory: one buffer of <see cref="ShipSource.MaxBatchBytes"/>, whatever the files' sizes.
/// </summary>
public sealed class SourceTailer(ShipSource source, CheckpointStore checkpoints, IBatchSink sink, TimeProvider time,
    RetryBackoff? backoff = null, Func<string, bool>? acceptFile = null)
{
    private readonly Dictionary<string, TailedFile> _files = new(StringComparer.Ordinal);
    private readonly byte[] _buffer = new byte[source.MaxBatchBytes];
    private readonly EventStartPattern _rule = EventStartPattern.For(source.Multiline, source.StartPattern);
    private readonly RetryBackoff _backoff = backoff ?? new RetryBackoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30));
    private readonly LineRate _rate = new(time);
    private IReadOnlyList<FileProgress> _progress = [];
    private long _lines;
    private long _errors;
    private string? _lastError;

    public ShipSource Source => source;

    public SourceProgress Progress
    {
        get
        {
            var lines = Interlocked.Read(ref _lines);
            return new SourceProgress(Volatile.Read(ref _progress), lines, _rate.PerSecond(lines), Interlocked.Read(ref _errors), Volatile.Read(ref _lastError));
        }
    }

    /// <summary>Ships until cancelled; with <paramref name="once"/>, ships what the files hold now and returns.</summary>
    public async Task RunAsync(bool once, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                Discover(once);
                foreach (var file in _files.Values.ToList()) await ShipAsync(file, once, cancellationToken).ConfigureAwait(false);
                if (once) return;
                DropFinished();
                Publish();
                await Task.Delay(source.PollInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Publish();
            foreach (var file in _files.Values) file.Dispose();
            _files.Clear();
        }
    }

    /// <summary>Matches the files of the globs to the followed ones by fingerprint.</summary>
    private void Discover(bool once)
    {
        var found = new Dictionary<string, (string Path, SafeFileHandle Handle)>(StringComparer.Ordinal);
        foreach (var glob in source.Paths)
        {
            foreach (var path in GlobExpander.Expand(glob))
            {
                if (acceptFile is not null && !acceptFile(path)) continue;
                SafeFileHandle handle;
                try
                {
                    handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    if (ex is not FileNotFoundException) RecordError($"{path}: {ex.Message}");
                    continue;
                }
                var fingerprint = FileFingerprint.Compute(handle, source.FingerprintBytes, partial: once);
                if (fingerprint is null || !found.TryAdd(fingerprint, (path, handle))) handle.Dispose();
            }
        }

        var now = time.GetTimestamp();
        foreach (var file in _files.Values.ToList())
        {
            var current = FileFingerprint.Compute(file.Handle, source.FingerprintBytes, partial: once);
            if (current != file.Fingerprint)
            {
                // Its content was replaced in place (copytruncate): finish the old content from the copy if it is in the globs.
                if (found.Remove(file.Fingerprint, out var copy)) file.Reopen(copy.Path, copy.Handle);
                else Drop(file);
                continue;
            }
            if (found.Remove(file.Fingerprint, out var seen))
            {
                file.Path = seen.Path;
                file.GoneSince = null;
                seen.Handle.Dispose();
            }
            else
            {
                file.GoneSince ??= now;
            }
        }
        foreach (var (fingerprint, (path, handle)) in found)
        {
            _files[fingerprint] = new TailedFile(source.Name, path, handle, fingerprint, checkpoints.Find(source.Name, fingerprint), now);
        }
    }

    private async Task ShipAsync(TailedFile file, bool once, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Replaced in place since it was matched (copytruncate, then new lines): not this file's content any more;
            // the next discovery finishes the old content from its copy, if any, and takes the new one as a new file.
            if (FileFingerprint.Compute(file.Handle, source.FingerprintBytes, partial: once) != file.Fingerprint) return;
            var length = RandomAccess.GetLength(file.Handle);
            var now = time.GetTimestamp();
            if (length > file.Size) file.LastGrowth = now;
            file.Size = length;
            if (length < file.Offset || file.PendingEnd > length)
            {
                // Truncated in place with the same first line: a new generation, read from its start.
                file.Generation++;
                file.Offset = 0;
                file.PendingEnd = null;
                checkpoints.Save(file.ToCheckpoint());
            }

            ReadOnlyMemory<byte> text;
            if (file.PendingEnd is { } pending)
            {
                // The batch that was on its way when the shipper stopped: the same bytes, so the same idempotency key.
                var buffer = pending - file.Offset <= _buffer.Length ? _buffer : new byte[pending - file.Offset];
                text = buffer.AsMemory(0, Read(file, buffer, (int)(pending - file.Offset)));
                if (file.Offset + text.Length != pending)
                {
                    file.PendingEnd = null;
                    continue;
                }
            }
            else
            {
                if (length == file.Offset) return;
                var read = Read(file, _buffer, (int)Math.Min(_buffer.Length, length - file.Offset));
                if (read == 0) return;
                var cut = Cut(_buffer.AsSpan(0, read), file.Offset + read >= length, once, read == _buffer.Length,
                    time.GetElapsedTime(file.LastGrowth, now) >= source.FlushAfter);
                if (cut == 0) return;
                text = _buffer.AsMemory(0, cut);
                file.PendingEnd = file.Offset + cut;
                checkpoints.Save(file.ToCheckpoint());
            }

            var batch = new ShipBatch(checkpoints.ShipperId, source.Name, file.Path, file.Fingerprint, file.Generation, file.Offset, file.Offset + text.Length,
                EventBoundary.CountLines(text.Span), text);
            await SendAsync(batch, cancellationToken).ConfigureAwait(false);
            file.Offset = batch.End;
            file.PendingEnd = null;
            checkpoints.Save(file.ToCheckpoint());
            Interlocked.Add(ref _lines, batch.Lines);
            Publish();
        }
    }

    /// <summary>How much of what was read goes into the next batch.</summary>
    /// <param name="toEnd">The text reaches the file's current end.</param>
    /// <param name="full">The buffer is full.</param>
    /// <param name="idle">The file has not grown for <see cref="ShipSource.FlushAfter"/>.</param>
    private int Cut(ReadOnlySpan<byte> text, bool toEnd, bool once, bool full, bool idle)
    {
        var lines = EventBoundary.FirstLines(text, source.MaxBatchLines);
        if (lines < text.Length)
        {
            text = text[..lines];
            toEnd = false;
            full = true;
        }
        // Read once to the end, a last line without its line break is shipped too; followed, it waits for the break.
        if (toEnd && once) return text.Length;
        if (toEnd && idle) return EventBoundary.CompleteLines(text);
        var cut = EventBoundary.CompleteEvents(text, _rule);
        if (cut > 0 || !full) return cut;
        // One event larger than a batch: split at a line break if there is one, else inside the line.
        var complete = EventBoundary.CompleteLines(text);
        return complete > 0 ? complete : text.Length;
    }

    private static int Read(TailedFile file, byte[] buffer, int count)
    {
        var read = 0;
        while (read < count)
        {
            var n = RandomAccess.Read(file.Handle, buffer.AsSpan(read, count - read), file.Offset + read);
            if (n == 0) break;
            read += n;
        }
        return read;
    }

    /// <summary>Sends until the batch is accepted or refused for good, backing off between attempts.</summary>
    private async Task SendAsync(ShipBatch batch, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            SendResult result;
            try
            {
                result = await sink.SendAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                result = SendResult.Retry(ex.Message);
            }
            switch (result.Outcome)
            {
                case SendOutcome.Stored:
                    return;
                case SendOutcome.Rejected:
                    RecordError($"{batch.File} bytes {batch.Start}-{batch.End} refused: {result.Error}");
                    return;
                case SendOutcome.Fatal:
                    RecordError(result.Error ?? "refused");
                    throw new ShipperStoppedException(result.Error ?? "refused");
                default:
                    RecordError(result.Error ?? "retrying");
                    await Task.Delay(_backoff.Delay(attempt, result.RetryAfter), time, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>Closes the files renamed away or deleted that are read to their end and quiet for the grace time.</summary>
    private void DropFinished()
    {
        var now = time.GetTimestamp();
        foreach (var file in _files.Values.ToList())
        {
            if (file.GoneSince is { } gone && file.Offset >= file.Size && file.PendingEnd is null
                && time.GetElapsedTime(gone, now) >= source.RotatedFileGrace && time.GetElapsedTime(file.LastGrowth, now) >= source.RotatedFileGrace)
            {
                Drop(file);
            }
        }
    }

    private void Drop(TailedFile file)
    {
        _files.Remove(file.Fingerprint);
        file.Dispose();
        checkpoints.Forget(source.Name, file.Fingerprint);
    }

    private void RecordError(string error)
    {
        Interlocked.Increment(ref _errors);
        Volatile.Write(ref _lastError, error);
    }

    private void Publish()
        => Volatile.Write(ref _progress, [.. _files.Values.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => new FileProgress(f.Path, f.Offset, Math.Max(f.Size, f.Offset)))]);
}
