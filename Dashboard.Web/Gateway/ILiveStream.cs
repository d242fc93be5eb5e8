namespace Dashboard.Web.Gateway;

/// <summary>Control of the session's live connection, as components see it.</summary>
public interface ILiveStream
{
    /// <summary>The filter the live tail currently asks the gateway for.</summary>
    LiveFilter Filter { get; }

    /// <summary>Connects (once per session); later calls do nothing.</summary>
    void EnsureStarted();

    /// <summary>Applies a new filter: the tail is cleared and the connection reopened with it.</summary>
    void ChangeFilter(LiveFilter filter);
}
