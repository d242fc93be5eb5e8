namespace LogPlatform.Storage.Analysis;

/// <summary>
/// The checkpoint is not where this instance left it: another instance took over and committed. Nothing of this commit
/// was written; the instance must stop and, if it leads again, reload the state.
/// </summary>
public sealed class CheckpointMovedException(long expected)
    : Exception($"The analysis checkpoint is no longer at log id {expected}: another instance committed.");
