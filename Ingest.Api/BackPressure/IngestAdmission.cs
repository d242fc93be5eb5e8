using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ingest.Api.BackPressure;

/// <summary>
/// Whether ingest takes more now (Redis reachable, backlog at or under the high-water mark), for the sources that
/// cannot be answered 429: the syslog listeners and uploads wait on it (TCP stops reading) or drop and count (UDP).
/// </summary>
public sealed class IngestAdmission(BacklogState backlog, IConnectionMultiplexer redis, IOptions<IngestOptions> options, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public bool IsOpen => backlog.QueueAvailable && redis.IsConnected && backlog.Backlog <= options.Value.HighWaterMark;

    /// <summary>Returns when <see cref="IsOpen"/> (at once, usually). The backlog is sampled, so polling it is a field read.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        while (!IsOpen) await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
    }
}
