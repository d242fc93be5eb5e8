using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Uploads;

/// <summary>
/// The jobs, in memory: at most <see cref="UploadOptions.MaxJobs"/>, a finished one forgotten after
/// <see cref="UploadOptions.JobLifetime"/> (or sooner, oldest first, to make room). A restart forgets them all; what
/// they enqueued stays enqueued, and uploading the file again resumes without duplicates.
/// </summary>
public sealed class UploadJobStore(IOptions<UploadOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, UploadJob> _jobs = new(StringComparer.Ordinal);
    private readonly Lock _adding = new();

    public bool TryGet(string id, out UploadJob job) => _jobs.TryGetValue(id, out job!);

    /// <returns>false when <see cref="UploadOptions.MaxJobs"/> jobs are unfinished.</returns>
    public bool TryAdd(UploadJob job)
    {
        lock (_adding)
        {
            var now = time.GetUtcNow();
            foreach (var (id, old) in _jobs)
            {
                if (old.Finished && old.FinishedAt + options.Value.JobLifetime < now) _jobs.TryRemove(id, out _);
            }
            while (_jobs.Count >= options.Value.MaxJobs)
            {
                var oldest = _jobs.Values.Where(j => j.Finished).MinBy(j => j.FinishedAt);
                if (oldest is null) return false;
                _jobs.TryRemove(oldest.Id, out _);
            }
            return _jobs.TryAdd(job.Id, job);
        }
    }
}
