using Aspire.Hosting.ApplicationModel;

namespace LogPlatform.Hosting.Redis;

/// <summary>
/// <c>redis-server</c> from the machine's packages, run by Aspire's orchestrator as an executable (no container engine
/// here), on loopback, with AOF (<c>appendfsync everysec</c>) so accepted logs survive a restart, and a generated
/// password (<c>requirepass</c>) as Aspire's own Redis has.
/// </summary>
public sealed class LocalRedisResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    private EndpointReference? _endpoint;

    public ParameterResource Password { get; } = password;

    public EndpointReference Endpoint => _endpoint ??= new(this, EndpointName);

    /// <summary>StackExchange.Redis's format, as Aspire's Redis resource gives it: <c>host:port,password=...</c>.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)},password={Password}");
}
