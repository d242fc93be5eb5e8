using System.Buffers;
using System.Buffers.Text;

namespace LogPlatform.Storage.Writing;

/// <summary>
/// The live channel's message for a stored batch: a JSON array of the logs with their ids (<c>LogEvent</c>'s shape),
/// written from the entries' payloads: each log's own JSON with its <c>"id"</c> set, no object per log.
/// </summary>
public static class StoredLogsJson
{
    private const int MaxIdBytes = 32; // {"id":<19 digits>}, and a comma

    /// <summary>The logs of <paramref name="entries"/> in order, with ids counted from <paramref name="firstId"/>.</summary>
    public static byte[] Write(IReadOnlyList<StreamEntryLogs> entries, long firstId)
    {
        var bound = 2;
        foreach (var entry in entries) bound += entry.Payload.Length + entry.Count * MaxIdBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(bound);
        try
        {
            var length = Write(entries, firstId, buffer);
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Write(IReadOnlyList<StreamEntryLogs> entries, long firstId, Span<byte> destination)
    {
        var at = 0;
        destination[at++] = (byte)'[';
        var id = firstId;
        foreach (var entry in entries)
        {
            var logs = new StreamLogReader(entry.Payload.Span);
            while (logs.TryRead(out var log))
            {
                if (id != firstId) destination[at++] = (byte)',';
                at += WriteLog(in logs, in log, id++, destination[at..]);
            }
        }
        destination[at++] = (byte)']';
        return at;
    }

    /// <summary>The log's object with <c>"id"</c> first and its other properties as they are (the old id left out).</summary>
    private static int WriteLog(in StreamLogReader logs, in StreamLog log, long id, Span<byte> destination)
    {
        "{\"id\":"u8.CopyTo(destination);
        var at = 6;
        Utf8Formatter.TryFormat(id, destination[at..], out var digits);
        at += digits;

        var inside = (log.ObjectStart + 1)..(log.ObjectEnd - 1);
        if (log.IdProperty is { } idProperty)
        {
            at += WriteProperties(logs.Slice(inside.Start..idProperty.Start), destination[at..]);
            at += WriteProperties(logs.Slice(idProperty.End..inside.End), destination[at..]);
        }
        else
        {
            at += WriteProperties(logs.Slice(inside), destination[at..]);
        }
        destination[at++] = (byte)'}';
        return at;
    }

    /// <summary>A run of properties, without the comma that joined it to the id left out; preceded by a comma.</summary>
    private static int WriteProperties(ReadOnlySpan<byte> properties, Span<byte> destination)
    {
        properties = properties.Trim(" \t\r\n"u8).Trim((byte)',').Trim(" \t\r\n"u8);
        if (properties.IsEmpty) return 0;
        destination[0] = (byte)',';
        properties.CopyTo(destination[1..]);
        return 1 + properties.Length;
    }
}
