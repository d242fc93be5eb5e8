using LogPlatform.Contracts;
using LogPlatform.Storage.Queries;

namespace Realtime.Gateway.Streaming;

/// <summary>
/// History then live, with no gap and no duplicate at the seam: the client is registered (live logs held for it) before
/// the history is read, and afterwards only live logs above the history (and above <c>after_id</c>) are sent.
/// </summary>
public sealed class HistoryCatchUp(LogQueries queries)
{
    private const int ChunkSize = 500;

    /// <summary>Sends the history and the held live logs in order; the client must have called BeginCatchUp before it was registered.</summary>
    public async Task SendAsync(StreamClient client, StreamRequest request, int maxHistory, Func<OutgoingFrame, Task> send, TimeProvider time, CancellationToken cancellationToken)
    {
        List<LogEvent> history;
        if (request.AfterId is { } afterId)
        {
            // More logs after the id than allowed: the newest, so history meets live without a gap; the client is told how many it missed.
            var resumed = await queries.AfterAsync(client.Filter, afterId, maxHistory, cancellationToken);
            history = resumed.Logs;
            if (resumed.Skipped > 0)
            {
                if (client.Format.Dropped(resumed.Skipped, null, "history_limit", client.Protocol, time.GetUtcNow()) is { } notice) await send(notice);
            }
        }
        else
        {
            history = await queries.LatestAsync(client.Filter, request.History ?? 0, cancellationToken);
        }

        foreach (var chunk in history.Chunk(ChunkSize))
        {
            if (client.Format.Logs(chunk, client.Protocol, time.GetUtcNow()) is { } frame) await send(frame);
        }

        var held = client.EndCatchUp(Math.Max(request.AfterId ?? 0, history.Count > 0 ? history.Max(log => log.Id) : 0));
        if (held.Count > 0)
        {
            if (client.Format.Logs(held, client.Protocol, time.GetUtcNow()) is { } heldFrame) await send(heldFrame);
        }
    }
}
