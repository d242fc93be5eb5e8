using LogPlatform.Shipping.Batches;

namespace LogPlatform.Shipping.Sending;

/// <summary>Where batches go: Ingest's <c>POST /logs</c> over HTTP (the tool), or Ingest's queue in-process (its sources).</summary>
public interface IBatchSink
{
    /// <summary>One attempt; the caller retries with back-off.</summary>
    ValueTask<SendResult> SendAsync(ShipBatch batch, CancellationToken cancellationToken);
}
