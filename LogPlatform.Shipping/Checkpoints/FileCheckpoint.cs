namespace LogPlatform.Shipping.Checkpoints;

/// <summary>
/// How far one file (by fingerprint) of one source has been shipped. <see cref="PendingEnd"/> is set while a batch
/// <c>[Offset, PendingEnd)</c> is on its way: after a crash that very batch is sent again (same idempotency key), so a
/// batch that did arrive is not stored twice. <see cref="Generation"/> counts truncations of a file that kept its
/// first line, so a rewritten file's batches get new keys.
/// </summary>
public sealed record FileCheckpoint(string Source, string Fingerprint, string Path, long Offset, int Generation = 0, long? PendingEnd = null);
