namespace Dashboard.Web.Gateway;

/// <summary>The state of the dashboard's live connection to the gateway, as the badge shows it.</summary>
public enum ConnectionState
{
    /// <summary>Opening a connection (first time or after a back-off).</summary>
    Connecting,
    /// <summary>Connected; logs and stats are flowing.</summary>
    Live,
    /// <summary>Disconnected; the next attempt is scheduled.</summary>
    Offline,
}
