using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

/// <summary>The role Aspire.Npgsql plays: one <see cref="NpgsqlDataSource"/> from <c>ConnectionStrings:{name}</c>.</summary>
public static class NpgsqlExtensions
{
    public static IHostApplicationBuilder AddNpgsqlDataSource(this IHostApplicationBuilder builder, string connectionName,
        Action<NpgsqlDataSourceBuilder>? configure = null)
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException(
                $"PostgreSQL connection string 'ConnectionStrings:{connectionName}' is missing. Start the service from the AppHost, or set ConnectionStrings__{connectionName}.");

        builder.Services.AddNpgsqlDataSource(connectionString, dataSource =>
        {
            dataSource.ConnectionStringBuilder.ApplicationName ??= builder.Environment.ApplicationName;
            configure?.Invoke(dataSource);
        });
        builder.Services.AddHealthChecks().AddNpgSql(name: connectionName);
        return builder;
    }
}
