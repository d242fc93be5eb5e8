namespace LogPlatform.Hosting;

/// <summary>Where and how this AppHost run keeps its data and configures its services.</summary>
public sealed class HostingContext
{
    /// <summary>Data of Redis and PostgreSQL (and nothing else). Kept across runs unless <see cref="Clean"/>.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Start from empty data.</summary>
    public bool Clean { get; init; }

    /// <summary>Give every resource a free port instead of its well-known one (test hosts).</summary>
    public bool UseFreePorts { get; init; }

    /// <summary>Delete <see cref="DataDirectory"/> when the app is disposed (test hosts).</summary>
    public bool DeleteDataOnDispose { get; init; }

    public string EnvironmentName { get; init; } = "Development";
    public string? OtlpEndpoint { get; init; }
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(10);
}
