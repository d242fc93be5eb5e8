using Aspire.Hosting.ApplicationModel;

namespace LogPlatform.Hosting.Postgres;

/// <summary>
/// PostgreSQL from the machine's packages (<c>initdb</c> once, then <c>postgres</c>), run by Aspire's orchestrator as an
/// executable on loopback, with password authentication (scram-sha-256) and a generated password, as Aspire's own
/// PostgreSQL has. PostgreSQL refuses to run as root, so as root it runs as the <c>postgres</c> user.
/// </summary>
public sealed class LocalPostgresResource(string name, string command, string dataDirectory, ParameterResource password)
    : ExecutableResource(name, command, dataDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";
    public const string UserName = "postgres";

    private EndpointReference? _endpoint;

    public ParameterResource Password { get; } = password;

    public string DataDirectory { get; } = dataDirectory;

    public EndpointReference Endpoint => _endpoint ??= new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username={UserName};Password={Password}");
}
