namespace LogPlatform.Shipping.Checkpoints;

/// <summary>The state file's content: who ships (an id drawn once per state file) and how far each file is shipped.</summary>
public sealed record CheckpointState(int Version, string ShipperId, IReadOnlyList<FileCheckpoint> Files)
{
    public const int CurrentVersion = 1;
}
