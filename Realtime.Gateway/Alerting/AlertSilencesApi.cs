namespace Realtime.Gateway.Alerting;

public static class AlertSilencesApi
{
    public static IEndpointRouteBuilder MapAlertSilencesApi(this IEndpointRouteBuilder app) => app;
}
