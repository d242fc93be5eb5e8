using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The connection tuning every service passes to Aspire's <c>AddRedisClient</c>
/// (<c>builder.AddRedisClient("redis", configureOptions: RedisConnectionDefaults.Apply)</c>).
/// </summary>
public static class RedisConnectionDefaults
{
    public static void Apply(ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Keep trying in the background instead of failing start-up or a command: Redis restarts are expected.
        options.AbortOnConnectFail = false;
        options.ConnectRetry = Math.Max(options.ConnectRetry, 5);
        options.ReconnectRetryPolicy ??= new ExponentialRetry(250, 5_000);
        // The service's name in CLIENT LIST (the entry assembly's name, as the host's ApplicationName).
        options.ClientName ??= AppDomain.CurrentDomain.FriendlyName;
    }
}
