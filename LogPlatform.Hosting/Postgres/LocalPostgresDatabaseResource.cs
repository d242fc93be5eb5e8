using Aspire.Hosting.ApplicationModel;

namespace LogPlatform.Hosting.Postgres;

/// <summary>A database on a <see cref="LocalPostgresResource"/>, created when the server first answers.</summary>
public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource server)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;

    public LocalPostgresResource Parent { get; } = server;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
