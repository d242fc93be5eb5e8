using System.IO.Compression;
using System.Text.Json;
using System.Threading.Channels;
using Ingest.Api.BackPressure;
using Ingest.Api.Formats;
using Ingest.Api.Parsing;
using Ingest.Api.Queue;
using Ingest.Api.Telemetry;
using LogPlatform.Shipping.Batches;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ingest.Api.Uploads;

/// <summary>
/// Runs upload jobs, <see cref="UploadOptions.MaxConcurrentJobs"/> at a time: reads the spooled file (through gzip
/// when it is one) in blocks of <see cref="UploadOptions.BlockBytes"/> cut at an event boundary, parses each block
/// with the text parser and enqueues it as one batch whose idempotency key is the file's hash, format and the block's
/// number. The blocks of a file are the same at every upload, so uploading it again enqueues nothing, and uploading it
/// again after a failure enqueues only what is missing. Waits while ingest is over its high-water mark.
/// </summary>
public sealed class UploadRunner(
    TextPayloadParser parser,
    StreamEnqueuer enqueuer,
    IngestAdmission admission,
    IngestTelemetry telemetry,
    IOptions<UploadOptions> uploadOptions,
    IOptions<IngestOptions> ingestOptions,
    IOptions<TextFormatOptions> textOptions,
    TimeProvider time,
    ILogger<UploadRunner> logger) : BackgroundService
{
    private static readonly TimeSpan RedisPatience = TimeSpan.FromMinutes(2);

    private readonly Channel<UploadJob> _queue = Channel.CreateUnbounded<UploadJob>();
    private readonly UploadOptions _options = uploadOptions.Value;

    public void Enqueue(UploadJob job)
    {
        if (!_queue.Writer.TryWrite(job)) throw new InvalidOperationException("The upload runner has stopped.");
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
        => Task.WhenAll(Enumerable.Range(0, _options.MaxConcurrentJobs).Select(_ => RunJobsAsync(stoppingToken)));

    private async Task RunJobsAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await RunAsync(job, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task RunAsync(UploadJob job, CancellationToken stoppingToken)
    {
        job.Start();
        var pending = 0;
        try
        {
            await using var file = new FileStream(job.SpoolPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
            await using var content = job.Gzip ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            var buffer = new byte[_options.BlockBytes];
            var carried = 0;
            long decompressed = 0;
            var defaults = new LogDefaults(JsonEncodedText.Encode(job.Source), JsonEncodedText.Encode(job.Application), job.CreatedAt);
            for (var block = 0; ; block++)
            {
                var filled = await FillAsync(content, buffer, carried, stoppingToken).ConfigureAwait(false);
                var end = filled < buffer.Length;
                decompressed += filled - carried;
                if (decompressed > _options.MaxBytes) throw new InvalidDataException($"The file decompresses to more than {_options.MaxBytes} bytes.");
                if (filled == 0) break;

                var cut = end ? filled : Cut(buffer.AsSpan(0, filled), job.Format.StartRule);
                using var session = parser.StartSession(job.Format);
                var chunks = new LogChunkWriter(ingestOptions.Value.ChunkSize, 256 * 1024);
                var lines = Parse(buffer.AsSpan(0, cut), session, defaults, chunks);
                pending = chunks.Count;
                await EnqueueAsync(job, block, chunks, session, stoppingToken).ConfigureAwait(false);
                pending = 0;
                job.Read(file.Position, lines);

                carried = filled - cut;
                buffer.AsSpan(cut, carried).CopyTo(buffer);
                if (end && carried == 0) break;
            }
            job.Finish(time.GetUtcNow());
            logger.LogInformation("Upload {Id} ({File}, {Size} bytes) done: {Status}", job.Id, job.FileName, job.Size, job.ToStatus());
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Upload {Id} ({File}) failed", job.Id, job.FileName);
            job.Fail(ex is RedisException or TimeoutException ? "The queue (Redis) stayed unreachable: " + ex.Message : ex.Message, pending,
                time.GetUtcNow());
        }
        catch (OperationCanceledException)
        {
            job.Fail("Ingest shut down during the upload; upload the file again to finish it (nothing is stored twice).", pending, time.GetUtcNow());
        }
        finally
        {
            TryDelete(job.SpoolPath);
        }
    }

    /// <summary>Reads until the buffer is full or the file ends, so the blocks of a file do not depend on how reads return.</summary>
    private static async Task<int> FillAsync(Stream content, byte[] buffer, int filled, CancellationToken cancellationToken)
    {
        while (filled < buffer.Length)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            filled += read;
        }
        return filled;
    }

    /// <summary>
    /// Where the block ends: after the last complete line that is followed by a line starting an event, so a multi-line
    /// event is not split between blocks. A block without such a line ends at its last line break (or is cut as it is).
    /// </summary>
    private static int Cut(ReadOnlySpan<byte> block, EventStartPattern rule)
    {
        var lastBreak = block.LastIndexOf((byte)'\n');
        if (lastBreak < 0) return block.Length;
        var lineEnd = lastBreak;
        for (var tries = 0; tries < 10_000; tries++)
        {
            var previousBreak = block[..lineEnd].LastIndexOf((byte)'\n');
            if (previousBreak < 0) break;
            var line = block[(previousBreak + 1)..lineEnd].TrimEnd((byte)'\r');
            if (line.IsEmpty || rule.IsStart(line)) return previousBreak + 1;
            lineEnd = previousBreak;
        }
        return lastBreak + 1;
    }

    /// <returns>The lines of the block.</returns>
    private int Parse(ReadOnlySpan<byte> block, TextParseSession session, in LogDefaults defaults, LogChunkWriter chunks)
    {
        var events = new MultilineJoiner(block, session.Format.StartRule, textOptions.Value.MaxEventLines);
        while (events.MoveNext(out var @event))
        {
            if (@event.IndexOfAnyExcept(" \t\r\n"u8) < 0) continue;
            parser.WriteEvent(@event, session, defaults, chunks);
        }
        var lines = block.Count((byte)'\n');
        return block.Length > 0 && block[^1] != (byte)'\n' ? lines + 1 : lines;
    }

    private async Task EnqueueAsync(UploadJob job, int block, LogChunkWriter chunks, TextParseSession session, CancellationToken cancellationToken)
    {
        var failed = false;
        try
        {
            if (chunks.Count == 0) return;
            var entries = chunks.Complete();
            var key = $"upload:{job.Sha256}:{job.Format.Name}:{block}";
            var giveUpAt = time.GetUtcNow() + RedisPatience;
            while (true)
            {
                await admission.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var result = await enqueuer.EnqueueAsync(entries, chunks.Count, "", key, session.Counts.Unparsed).ConfigureAwait(false);
                    job.Enqueued(chunks.Count, session.Counts.Unparsed, result.Duplicate);
                    if (!result.Duplicate)
                    {
                        telemetry.Accepted(chunks.Count, 0);
                        telemetry.TextAccepted(session.Counts);
                    }
                    return;
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    // Retrying is safe: the key makes a batch that did commit a duplicate.
                    failed = true;
                    if (time.GetUtcNow() >= giveUpAt) throw;
                    logger.LogDebug(ex, "Upload {Id}: enqueue of block {Block} failed; retrying", job.Id, block);
                    await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // Redis may still be reading the buffers of a timed-out command: do not recycle them.
            if (failed) chunks.Abandon();
            chunks.Dispose();
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException ex)
        {
            logger.LogWarning(ex, "Cannot delete the spooled upload {Path}", path);
        }
    }
}
