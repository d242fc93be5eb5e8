namespace LoadGenerator;

/// <summary>Writes one request body of <c>count</c> corpus logs, each tagged with the run id, a sequence number and the send time.</summary>
public interface IBatchBodyWriter
{
    /// <summary>Writes <paramref name="count"/> logs starting at corpus line <paramref name="cursor"/>; returns how many are level error.</summary>
    ReadOnlyMemory<byte> Write(long firstSeq, int count, long cursor, DateTimeOffset now, out int errors);
}
