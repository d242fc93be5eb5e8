using System.Collections.Concurrent;
using System.Text;
using LogPlatform.Shipping.Batches;
using LogPlatform.Shipping.Sending;

namespace LogPlatform.Shipping.Tests.Tailing;

/// <summary>Keeps what a tailer sends (the batch's key and text); answers from a script of results, then "stored".</summary>
internal sealed class RecordingSink(params SendResult[] script) : IBatchSink
{
    private readonly Queue<SendResult> _script = new(script);
    public ConcurrentQueue<(string Key, string Text)> Attempts { get; } = new();
    public ConcurrentQueue<(string Key, string Text)> Stored { get; } = new();

    public ValueTask<SendResult> SendAsync(ShipBatch batch, CancellationToken cancellationToken)
    {
        var text = Encoding.UTF8.GetString(batch.Text.Span);
        Attempts.Enqueue((batch.IdempotencyKey, text));
        SendResult result;
        lock (_script) result = _script.TryDequeue(out var next) ? next : SendResult.Stored;
        if (result.Outcome == SendOutcome.Stored) Stored.Enqueue((batch.IdempotencyKey, text));
        return ValueTask.FromResult(result);
    }

    /// <summary>The stored lines, in order (each stored key counted once, as Ingest's idempotency would).</summary>
    public List<string> Lines()
    {
        var seen = new HashSet<string>();
        return [.. Stored.Where(s => seen.Add(s.Key)).SelectMany(s => s.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))];
    }
}
