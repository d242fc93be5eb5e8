namespace LogPlatform.Storage.Alerting;

/// <summary>How a channel's deletion went: done, refused because rules still name it (<see cref="UsedBy"/>), or no such channel.</summary>
public sealed record ChannelDeletion(bool Deleted, IReadOnlyList<string> UsedBy)
{
    public static readonly ChannelDeletion NotFound = new(false, []);

    public bool Found => Deleted || UsedBy.Count > 0;
}
