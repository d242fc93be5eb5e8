using System.Buffers.Binary;
using System.Buffers.Text;

namespace LogPlatform.Storage.Queries;

/// <summary>
/// Where a page ended: the (timestamp, id) of its last row. Keyset paging from it is stable under inserts: new rows
/// never shift later pages. Opaque to clients (base64url).
/// </summary>
public readonly record struct LogCursor(DateTimeOffset Timestamp, long Id)
{
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, Timestamp.UtcTicks);
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], Id);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryParse(string? text, out LogCursor cursor)
    {
        cursor = default;
        Span<byte> bytes = stackalloc byte[16];
        if (string.IsNullOrEmpty(text) || text.Length > 32 || !Base64Url.TryDecodeFromChars(text, bytes, out var written) || written != 16)
        {
            return false;
        }
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks) return false;
        cursor = new LogCursor(new DateTimeOffset(ticks, TimeSpan.Zero), BinaryPrimitives.ReadInt64BigEndian(bytes[8..]));
        return true;
    }
}
