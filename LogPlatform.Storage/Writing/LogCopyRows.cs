using System.Buffers.Binary;

namespace LogPlatform.Storage.Writing;

/// <summary>
/// Encodes a stream entry's logs straight from its JSON payload into PostgreSQL's binary COPY format for the
/// <c>logs</c> table (the columns of <see cref="LogBatchWriter"/>'s COPY command, in order): no object per log, strings
/// copied as the UTF-8 they already are.
/// </summary>
public static class LogCopyRows
{
    private const short ColumnCount = 10;
    private const long PostgresEpochTicks = 630_822_816_000_000_000; // 2000-01-01T00:00:00Z, where timestamptz counts from

    /// <summary>The binary COPY signature, no flags, no header extension.</summary>
    public static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>The end of the rows (a field count of -1).</summary>
    public static readonly byte[] Trailer = [0xFF, 0xFF];

    /// <summary>
    /// The most bytes the rows of a payload can take: a row's text is never longer than its JSON (unescaping only
    /// shortens), and the rest of a row is at most 69 bytes (field count, ten lengths, id, two times, level, jsonb version).
    /// </summary>
    public static int MaxBytes(int payloadLength, int count) => payloadLength + count * 80;

    /// <summary>Writes one row per log of <paramref name="payload"/>, with ids from <paramref name="firstId"/>; returns the bytes written.</summary>
    /// <remarks>The payload must have been checked (<see cref="StreamLogReader.TryCount"/>); <paramref name="destination"/> must hold <see cref="MaxBytes"/>.</remarks>
    public static int Encode(ReadOnlySpan<byte> payload, long firstId, Span<byte> destination)
    {
        var logs = new StreamLogReader(payload);
        var at = 0;
        var id = firstId;
        while (logs.TryRead(out var log))
        {
            BinaryPrimitives.WriteInt16BigEndian(destination[at..], ColumnCount);
            at += 2;
            at += WriteInt64(destination[at..], id++);
            at += WriteInt64(destination[at..], ToPostgresTime(log.Timestamp));
            BinaryPrimitives.WriteInt32BigEndian(destination[at..], 2);
            BinaryPrimitives.WriteInt16BigEndian(destination[(at + 4)..], (short)log.Level);
            at += 6;
            at += WriteText(in logs, log.Message, destination[at..], required: true);
            at += WriteText(in logs, log.Source, destination[at..], required: true);
            at += WriteText(in logs, log.Application, destination[at..], required: true);
            at += WriteText(in logs, log.TraceId, destination[at..], required: false);
            at += WriteText(in logs, log.SpanId, destination[at..], required: false);
            at += WriteJsonb(in logs, log.Properties, destination[at..]);
            at += WriteInt64(destination[at..], ToPostgresTime(log.ReceivedAt));
        }
        return at;
    }

    /// <summary>Microseconds since 2000-01-01 UTC; the extremes as -infinity and infinity, as Npgsql writes them.</summary>
    public static long ToPostgresTime(DateTimeOffset time) => time.UtcTicks switch
    {
        0 => long.MinValue,
        var ticks when ticks == DateTime.MaxValue.Ticks => long.MaxValue,
        var ticks => (ticks - PostgresEpochTicks) / 10,
    };

    private static int WriteInt64(Span<byte> destination, long value)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, 8);
        BinaryPrimitives.WriteInt64BigEndian(destination[4..], value);
        return 12;
    }

    private static int WriteText(in StreamLogReader logs, StreamText text, Span<byte> destination, bool required)
    {
        if (text.Value is null)
        {
            // An absent required field is stored empty, as the contract's defaults have it; an absent optional one is NULL.
            BinaryPrimitives.WriteInt32BigEndian(destination, required ? 0 : -1);
            return 4;
        }
        var length = logs.CopyText(text, destination[4..]);
        BinaryPrimitives.WriteInt32BigEndian(destination, length);
        return 4 + length;
    }

    private static int WriteJsonb(in StreamLogReader logs, Range? properties, Span<byte> destination)
    {
        if (properties is not { } range)
        {
            BinaryPrimitives.WriteInt32BigEndian(destination, -1);
            return 4;
        }
        var json = logs.Slice(range);
        BinaryPrimitives.WriteInt32BigEndian(destination, json.Length + 1);
        destination[4] = 1; // jsonb's binary format: a version byte, then the JSON text
        json.CopyTo(destination[5..]);
        return 5 + json.Length;
    }
}
