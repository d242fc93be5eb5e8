namespace LogPlatform.Shipping.Batches;

/// <summary>
/// Whole events read from one file, bytes <c>[Start, End)</c>. The idempotency key is derived from the file's
/// fingerprint and that range (and the shipper's id, see <see cref="Checkpoints.CheckpointStore.ShipperId"/>), so the
/// same batch sent again (a retry, or after a restart) is stored once.
/// </summary>
public sealed record ShipBatch(string ShipperId, string Source, string File, string Fingerprint, int Generation, long Start, long End, int Lines,
    ReadOnlyMemory<byte> Text)
{
    public string IdempotencyKey => $"ship:{ShipperId}:{Source}:{Fingerprint}:{Generation}:{Start}-{End}";
}
