namespace LogPlatform.Contracts;

/// <summary>Names of the platform's own ActivitySources and Meters, registered by ServiceDefaults.</summary>
public static class TelemetryNames
{
    /// <summary>Prefix shared by every source and meter, so ServiceDefaults can subscribe with one wildcard.</summary>
    public const string Prefix = "LogPlatform.";
    public const string Ingest = "LogPlatform.Ingest";
    public const string Worker = "LogPlatform.Worker";
    public const string Stats = "LogPlatform.Stats";
    public const string Gateway = "LogPlatform.Gateway";
    public const string Dashboard = "LogPlatform.Dashboard";
    public const string Migrator = "LogPlatform.Migrator";
    public const string Analysis = "LogPlatform.Analysis";
    public const string Notifications = "LogPlatform.Notifications";
}
