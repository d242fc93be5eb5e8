using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LogPlatform.Hosting.Redis;

/// <summary>
/// Healthy when the server answers AUTH and PING: "answers", not "process started". While it loads its append-only file
/// Redis answers <c>-LOADING</c>, which is not healthy yet. A raw exchange, so the AppHost holds no client connection.
/// </summary>
public sealed class RedisPing(LocalRedisResource redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var password = await redis.Password.GetValueAsync(cancellationToken);
            var endpoint = redis.Endpoint;
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.UTF8.GetBytes($"AUTH {password}\r\nPING\r\n"), timeout.Token);
            var answer = new StringBuilder();
            var buffer = new byte[256];
            while (!answer.ToString().Contains("PONG", StringComparison.Ordinal) && !answer.ToString().Contains('-', StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0) break;
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            var text = answer.ToString();
            return text.StartsWith("+OK\r\n+PONG", StringComparison.Ordinal)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Redis answered {text.Trim()}");
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer", ex);
        }
    }
}
