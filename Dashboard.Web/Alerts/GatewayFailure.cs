using System.Text.Json;
using Dashboard.Web.Gateway;

namespace Dashboard.Web.Alerts;

/// <summary>Which exceptions mean "the gateway could not answer" (shown on the page) rather than a bug.</summary>
public static class GatewayFailure
{
    public static bool Is(Exception ex, CancellationToken cancellationToken)
        => ex is HttpRequestException or GatewayRequestException or JsonException
           || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested);
}
