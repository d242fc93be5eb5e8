namespace Realtime.Gateway.Alerting;

public static class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app) => app;
}
