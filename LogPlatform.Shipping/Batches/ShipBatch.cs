namespace LogPlatform.Shipping.Batches;

/// <summary>
/// Whole events read from one file, bytes <c>[Start, End)</c>. The idempotency key is derived from the file's
/// fingerprint and that range, so the same batch sent again (a retry, or after a restart) is stored once.
/// </summary>
public sealed record ShipBatch(string Source, string File, string Fingerprint, int Generation, long Start, long End, int Lines,
    ReadOnlyMemory<byte> Text)
{
    public string IdempotencyKey => $"ship:{Source}:{Fingerprint}:{Generation}:{Start}-{End}";
}
