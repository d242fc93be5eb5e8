using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace LogPlatform.Hosting.Postgres;

/// <summary>Healthy when the server (or the database) accepts a password login and answers <c>SELECT 1</c>.</summary>
public sealed class PostgresPing(IResourceWithConnectionString target) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connectionString = await target.GetConnectionStringAsync(cancellationToken);
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 3 };
            if (target is LocalPostgresResource) builder.Database = "postgres";
            // Unpooled: a pooled connection from before a restart would answer "healthy" without asking the server.
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var ping = new NpgsqlCommand("SELECT 1", connection);
            await ping.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy(ex.Message, ex);
        }
    }
}
