using System.Text.Json;

namespace LogPlatform.Shipping.Checkpoints;

/// <summary>
/// The offsets of every shipped file, in a JSON state file written atomically (a temporary file flushed to disk, then
/// renamed over the old one), so a crash at any moment leaves the old state or the new one, never half of one.
/// Thread-safe: the sources of one shipper share it. <see cref="ShipperId"/> is drawn at random when the state file is
/// new and kept in it, so two machines shipping files with the same first line and sizes never share idempotency keys
/// (which would make Ingest drop the second machine's batches as duplicates), while a restart keeps its keys.
/// </summary>
public sealed class CheckpointStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Source, string Fingerprint), FileCheckpoint> _files = [];

    public CheckpointStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        ShipperId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        if (!File.Exists(Path)) return;
        CheckpointState? state;
        try
        {
            state = JsonSerializer.Deserialize(File.ReadAllBytes(Path), CheckpointJsonContext.Default.CheckpointState);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The state file {Path} is not a shipper state file ({ex.Message}). Move it away to start over.", ex);
        }
        if (state?.ShipperId is { Length: > 0 } id) ShipperId = id;
        foreach (var file in state?.Files ?? []) _files[(file.Source, file.Fingerprint)] = file;
    }

    public string Path { get; }

    /// <summary>This shipper's part of every idempotency key.</summary>
    public string ShipperId { get; }

    public FileCheckpoint? Find(string source, string fingerprint)
    {
        lock (_lock) return _files.GetValueOrDefault((source, fingerprint));
    }

    public IReadOnlyList<FileCheckpoint> All()
    {
        lock (_lock) return [.. _files.Values];
    }

    /// <summary>Records <paramref name="checkpoint"/> and writes the state file before returning.</summary>
    public void Save(FileCheckpoint checkpoint)
    {
        lock (_lock)
        {
            _files[(checkpoint.Source, checkpoint.Fingerprint)] = checkpoint;
            Write();
        }
    }

    /// <summary>Drops a file that is gone (rotated away and read to its end).</summary>
    public void Forget(string source, string fingerprint)
    {
        lock (_lock)
        {
            if (_files.Remove((source, fingerprint))) Write();
        }
    }

    private void Write()
    {
        var state = new CheckpointState(CheckpointState.CurrentVersion, ShipperId,
            [.. _files.Values.OrderBy(f => f.Source, StringComparer.Ordinal).ThenBy(f => f.Path, StringComparer.Ordinal)]);
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);
        var temporary = Path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096))
        {
            JsonSerializer.Serialize(file, state, CheckpointJsonContext.Default.CheckpointState);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path, overwrite: true);
    }
}
