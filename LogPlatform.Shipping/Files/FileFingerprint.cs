using System.Buffers;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace LogPlatform.Shipping.Files;

/// <summary>
/// A file's identity by its content rather than its name: a hash of its first line (at most
/// <see cref="ShipSource.FingerprintBytes"/> bytes), with that length. A renamed file keeps it; a file recreated or
/// truncated by <c>copytruncate</c> gets a new one as soon as its first line differs. Stable once the first line is
/// complete, so a file is not followed until it has one (or that many bytes).
/// </summary>
public static class FileFingerprint
{
    /// <param name="partial">Accept a first line without its line break (the file is read once, to its end).</param>
    /// <returns>The fingerprint, or null while the file has no complete first line yet.</returns>
    public static string? Compute(SafeFileHandle file, int maxBytes, bool partial)
    {
        var head = ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            var read = 0;
            while (read < maxBytes)
            {
                var n = RandomAccess.Read(file, head.AsSpan(read, maxBytes - read), read);
                if (n == 0) break;
                read += n;
            }
            return Of(head.AsSpan(0, read), maxBytes, partial);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    /// <summary>The fingerprint of a file that begins with <paramref name="head"/> (its first bytes, up to <paramref name="maxBytes"/>).</summary>
    public static string? Of(ReadOnlySpan<byte> head, int maxBytes, bool partial)
    {
        if (head.Length > maxBytes) head = head[..maxBytes];
        var newline = head.IndexOf((byte)'\n');
        var length = newline >= 0 ? newline + 1
            : head.Length == maxBytes ? maxBytes
            : partial && head.Length > 0 ? head.Length
            : -1;
        if (length < 0) return null;
        return $"{XxHash64.HashToUInt64(head[..length]):x16}{length:x}";
    }
}
