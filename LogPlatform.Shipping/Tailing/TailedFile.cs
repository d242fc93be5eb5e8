using LogPlatform.Shipping.Checkpoints;
using Microsoft.Win32.SafeHandles;

namespace LogPlatform.Shipping.Tailing;

/// <summary>
/// A file being followed, held open: a file renamed away (rotation by rename) or deleted is still read through its
/// handle until its end. Known by its fingerprint; <see cref="Path"/> is where it was last seen.
/// </summary>
internal sealed class TailedFile(string source, string path, SafeFileHandle handle, string fingerprint, FileCheckpoint? checkpoint, long now)
    : IDisposable
{
    public string Path { get; set; } = path;
    public SafeFileHandle Handle { get; private set; } = handle;
    public string Fingerprint { get; } = fingerprint;
    public long Offset { get; set; } = checkpoint?.Offset ?? 0;
    public int Generation { get; set; } = checkpoint?.Generation ?? 0;
    public long? PendingEnd { get; set; } = checkpoint?.PendingEnd;

    /// <summary>The length last seen, and when it last grew (a timestamp of the tailer's TimeProvider).</summary>
    public long Size { get; set; } = -1;
    public long LastGrowth { get; set; } = now;

    /// <summary>When the file was first missing from its globs (renamed away or deleted); null while it is there.</summary>
    public long? GoneSince { get; set; }

    public FileCheckpoint ToCheckpoint() => new(source, Fingerprint, Path, Offset, Generation, PendingEnd);

    /// <summary>Follows the same content at another file (the copy <c>copytruncate</c> made of it).</summary>
    public void Reopen(string path, SafeFileHandle handle)
    {
        Handle.Dispose();
        Handle = handle;
        Path = path;
        Size = -1;
    }

    public void Dispose() => Handle.Dispose();
}
