namespace LogPlatform.Shipping.Checkpoints;

/// <summary>The state file's content.</summary>
public sealed record CheckpointState(int Version, IReadOnlyList<FileCheckpoint> Files)
{
    public const int CurrentVersion = 1;
}
