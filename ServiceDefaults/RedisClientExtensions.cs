using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>The role Aspire.StackExchange.Redis plays: one shared multiplexer from <c>ConnectionStrings:{name}</c>.</summary>
public static class RedisClientExtensions
{
    public static IHostApplicationBuilder AddRedisClient(this IHostApplicationBuilder builder, string connectionName)
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException(
                $"Redis connection string 'ConnectionStrings:{connectionName}' is missing. Start the service from the AppHost, or set ConnectionStrings__{connectionName}.");

        var options = ConfigurationOptions.Parse(connectionString);
        // Keep trying in the background instead of failing start-up or a command: Redis restarts are expected.
        options.AbortOnConnectFail = false;
        options.ConnectRetry = Math.Max(options.ConnectRetry, 5);
        options.ReconnectRetryPolicy ??= new ExponentialRetry(250, 5_000);
        options.ClientName ??= builder.Environment.ApplicationName;

        builder.Services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("LogPlatform.Redis");
            var multiplexer = ConnectionMultiplexer.Connect(options);
            multiplexer.ConnectionFailed += (_, e) => logger.LogWarning("Redis connection lost ({FailureType}): {Message}", e.FailureType, e.Exception?.Message);
            multiplexer.ConnectionRestored += (_, e) => logger.LogInformation("Redis connection restored ({ConnectionType})", e.ConnectionType);
            return multiplexer;
        });
        builder.Services.AddOpenTelemetry().WithTracing(t => t.AddRedisInstrumentation());
        builder.Services.AddHealthChecks().AddRedis(sp => sp.GetRequiredService<IConnectionMultiplexer>(), name: connectionName);
        return builder;
    }
}
